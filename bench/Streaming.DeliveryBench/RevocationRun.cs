using System.Net;
using Microsoft.Extensions.Configuration;
using Npgsql;
using StackExchange.Redis;
using Streaming.AppHost.Infrastructure;
using Streaming.Core.Progress;
using Streaming.Core.Sessions;

namespace Streaming.DeliveryBench;

/// <param name="Seconds">Per revoked session: from the cause to the first refused segment request at the edge.</param>
/// <param name="WrongReasons">Refusals whose X-Playback-Denied was not the cause's reason.</param>
/// <param name="NeverRefused">Sessions still playing when the deadline passed.</param>
public sealed record RevocationResult(string Cause, string Reason, string MeasuredFrom, Percentiles? Seconds, int Sessions, int WrongReasons, int NeverRefused);

/// <summary>
/// Each cause of revocation on several sessions of the same title, all causes at once. A player polls a segment of its
/// session every 100 ms from its start (a 1 KiB range: the same authorisation without moving a whole segment ten times a
/// second); the cause comes at a random moment 0-6 s later, so that the edge's cached answer has any age then. The
/// figure is the time from the cause to the first refused (403) request.
/// </summary>
public sealed class RevocationRun(BenchApp app, Viewers viewers, HttpClient http)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90); // the idle reaper passes every 30 s by default
    private static readonly TimeSpan LapseLead = TimeSpan.FromSeconds(15);
    // The services run with the default shard count.
    private static readonly ProgressLayout Layout = ProgressLayout.From(new ConfigurationBuilder().Build());

    private delegate Task<DateTimeOffset?> Cause(Viewer user, Session session);

    public async Task<List<RevocationResult>> RunAsync(Guid movie, int sessionsPerCause)
    {
        var database = await app.ConnectionStringAsync(BackingServices.DatabaseResourceName);
        using var redis = await ConnectionMultiplexer.ConnectAsync(await app.ConnectionStringAsync(BackingServices.RedisName));
        var causes = new (string Name, string Reason, string From, string? Device, bool Lapses, Cause Revoke)[]
        {
            ("stop", "stopped", "stop sent", null, false, async (user, session) =>
            {
                var at = DateTimeOffset.UtcNow;
                await viewers.StopAsync(user, movie, session.Id);
                return at;
            }),
            ("stop from another device", "stopped_elsewhere", "stop sent", "phone", false, async (user, session) =>
            {
                await viewers.StartAsync(user, movie, deviceId: "tv");
                var at = DateTimeOffset.UtcNow;
                await viewers.StopAsync(user, movie, session.Id, "tv");
                return at;
            }),
            ("start on the same device", "replaced", "replacing start sent", "living-room", false, async (user, _) =>
            {
                var at = DateTimeOffset.UtcNow;
                await viewers.StartAsync(user, movie, deviceId: "living-room");
                return at;
            }),
            ("idle reaper", "idle_timeout", "the last poll of its Redis marker (every 100 ms) before the reaper revoked it", null, false, async (user, session) =>
            {
                await ExecuteAsync(database, "UPDATE stream_sessions SET last_seen_at = now() - interval '1 hour' WHERE id = $1", session.Id);
                return await RevokedAtAsync(redis.GetDatabase(), user, movie, session);
            }),
            ("subscription lapse", "subscription_ended", "the subscription's expires_at", null, true, (_, _) => Task.FromResult<DateTimeOffset?>(null)),
        };
        var results = await Task.WhenAll(causes.Select(async cause =>
        {
            var runs = await Task.WhenAll(Enumerable.Range(0, sessionsPerCause).Select(async _ =>
            {
                var expiresAt = cause.Lapses ? DateTimeOffset.FromUnixTimeSeconds((DateTimeOffset.UtcNow + LapseLead).ToUnixTimeSeconds()) : (DateTimeOffset?)null;
                var user = await viewers.CreateAsync(maxStreams: 4, expiresAt);
                var session = await viewers.StartAsync(user, movie, deviceId: cause.Device);
                using var player = new PollingPlayer(http, new Uri(session.ManifestUrl, "v0/seg_00001.ts"));
                await player.ServedAsync();
                DateTimeOffset? from;
                if (expiresAt is { } lapse)
                {
                    from = lapse;
                }
                else
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(6000)));
                    from = await cause.Revoke(user, session);
                }
                var refused = await player.RefusedAsync();
                return (Seconds: from is { } f && refused is { } r ? (r.At - f).TotalSeconds : (double?)null, Reason: refused?.Reason);
            }));
            return new RevocationResult(cause.Name, cause.Reason, cause.From, Percentiles.Of(runs.Select(r => r.Seconds).OfType<double>()),
                runs.Length, runs.Count(r => r.Reason is not null && r.Reason != cause.Reason), runs.Count(r => r.Seconds is null));
        }));
        return [.. results];
    }

    private static async Task ExecuteAsync(string database, string sql, Guid id)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection) { Parameters = { new() { Value = id } } };
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// When a poll last found the session playing before the reaper's revocation (its Redis marker, which the
    /// authorisation reads, set to a reason) was seen, or null past the deadline. The reaper revokes in Redis before it
    /// closes the row in PostgreSQL, and the revocation came after that poll was sent, so the figure measured from it
    /// is never shorter than the true delay. (Measured from the close seen in PostgreSQL, an edge quicker than the
    /// commit came out negative.)
    /// </summary>
    private static async Task<DateTimeOffset?> RevokedAtAsync(IDatabase redis, Viewer user, Guid movie, Session session)
    {
        var marker = Layout.ShardOf(user.UserId).StartedSessionKey(user.UserId, movie, session.Id);
        var deadline = DateTimeOffset.UtcNow + Deadline;
        var lastPlaying = DateTimeOffset.UtcNow;
        while (DateTimeOffset.UtcNow < deadline)
        {
            var asked = DateTimeOffset.UtcNow;
            if (await redis.StringGetAsync(marker) is { HasValue: true } state && state != SessionEndReasons.PlayingMarker)
            {
                return lastPlaying;
            }
            lastPlaying = asked;
            await Task.Delay(PollInterval);
        }
        return null;
    }

    /// <summary>A player polling its segment every 100 ms until the edge refuses it (or the deadline passes).</summary>
    private sealed class PollingPlayer : IDisposable
    {
        private readonly HttpClient _http;
        private readonly Uri _segment;
        private readonly CancellationTokenSource _stop = new(Deadline * 2);
        private readonly TaskCompletionSource _served = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly Task<(DateTimeOffset At, string? Reason)?> _refused;

        public PollingPlayer(HttpClient http, Uri segment)
        {
            (_http, _segment) = (http, segment);
            _refused = Task.Run(PollAsync);
        }

        public async Task ServedAsync()
        {
            await Task.WhenAny(_served.Task, _refused);
            if (!_served.Task.IsCompleted)
            {
                throw new InvalidOperationException("A session's segment was refused before its revocation.");
            }
        }

        public Task<(DateTimeOffset At, string? Reason)?> RefusedAsync() => _refused;

        private async Task<(DateTimeOffset, string?)?> PollAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                try
                {
                    using var request = new HttpRequestMessage(HttpMethod.Get, _segment) { Headers = { Range = new(0, 1023) } };
                    using var response = await _http.SendAsync(request, _stop.Token);
                    await response.Content.CopyToAsync(Stream.Null, _stop.Token);
                    if (response.StatusCode == HttpStatusCode.Forbidden)
                    {
                        return (DateTimeOffset.UtcNow, Player.DeniedReason(response));
                    }
                    if (response.IsSuccessStatusCode)
                    {
                        _served.TrySetResult();
                    }
                    await Task.Delay(PollInterval, _stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return null;
                }
                catch (HttpRequestException)
                {
                    // No answer: a player tries again.
                    await Task.Delay(PollInterval, CancellationToken.None);
                }
            }
            return null;
        }

        // Cancelled, not disposed: the polling loop may still be reading its token.
        public void Dispose() => _stop.Cancel();
    }
}
