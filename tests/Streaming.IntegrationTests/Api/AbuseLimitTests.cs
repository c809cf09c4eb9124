using System.Net;
using Npgsql;
using Streaming.IntegrationTests.Infrastructure;

namespace Streaming.IntegrationTests.Api;

/// <summary>
/// One valid token cannot create unbounded rows, keys and events. With the default limits (60 progress
/// updates, 30 starts and 30 stops per user and minute across all titles, and the premium plan's 4 streams at once),
/// which a player that reports every 10 s never reaches.
/// </summary>
[Collection(ApiContractCollection.Name)]
public sealed class AbuseLimitTests(ApiContractApp app) : IDisposable
{
    private const int ProgressPerMinute = 60;
    private const int StartsPerMinute = 30;
    private const int StopsPerMinute = 30;
    private const int MaxOpenSessions = 4; // the premium plan's max_streams

    private readonly StubUserService _users = new(app);

    [Fact]
    public async Task Progress_for_100_different_titles_within_seconds_gets_429_beyond_the_users_limit()
    {
        var titles = await UploadTitlesAsync(100);
        using var first = new Viewer(app, Guid.NewGuid());
        using var second = new Viewer(app, Guid.NewGuid());

        // The first user reaches titles this API replica has never seen; the second the same titles, now known.
        foreach (var viewer in new[] { first, second })
        {
            var statuses = new List<HttpStatusCode>();
            HttpResponseMessage? limited = null;
            foreach (var title in titles)
            {
                var response = await viewer.ReportProgressAsync(title, 60);
                statuses.Add(response.StatusCode);
                if (response.StatusCode == HttpStatusCode.TooManyRequests)
                {
                    limited ??= response;
                }
                else
                {
                    response.Dispose();
                }
            }

            Assert.All(statuses.Take(ProgressPerMinute), status => Assert.Equal(HttpStatusCode.OK, status));
            Assert.All(statuses.Skip(ProgressPerMinute), status => Assert.Equal(HttpStatusCode.TooManyRequests, status));
            Assert.NotNull(limited);
            await Problems.AssertProblemAsync(limited, HttpStatusCode.TooManyRequests);
            var retryAfter = int.Parse(Assert.Single(limited.Headers.GetValues("Retry-After")), System.Globalization.CultureInfo.InvariantCulture);
            Assert.InRange(retryAfter, 1, 60);
            limited.Dispose();
        }

        // Refused updates were not recorded: the last title has no progress for the first user.
        using var resume = await first.GetProgressAsync(titles[^1]);
        Assert.Equal(HttpStatusCode.NotFound, resume.StatusCode);
    }

    [Fact]
    public async Task Starting_40_streams_in_a_minute_gets_429_beyond_the_start_limit_and_records_no_more_sessions()
    {
        var movieId = await MediaBucket.UploadTitleAsync(app);
        using var viewer = new Viewer(app, await _users.CreateUserAsync());

        var starts = new List<HttpStatusCode>();
        HttpResponseMessage? limited = null;
        for (var i = 0; i < 40; i++)
        {
            var start = await viewer.StartAsync(movieId);
            starts.Add(start.StatusCode);
            if (start.StatusCode == HttpStatusCode.TooManyRequests)
            {
                limited ??= start;
                continue;
            }
            start.Dispose();
            // A zapping viewer: stop each stream before the next, so that only the start rate is in play.
            using var stop = await viewer.StopAsync(movieId, i);
            Assert.Equal(HttpStatusCode.OK, stop.StatusCode);
        }

        Assert.All(starts.Take(StartsPerMinute), status => Assert.Equal(HttpStatusCode.OK, status));
        Assert.All(starts.Skip(StartsPerMinute), status => Assert.Equal(HttpStatusCode.TooManyRequests, status));
        Assert.NotNull(limited);
        await Problems.AssertProblemAsync(limited, HttpStatusCode.TooManyRequests);
        Assert.InRange(int.Parse(Assert.Single(limited.Headers.GetValues("Retry-After")), System.Globalization.CultureInfo.InvariantCulture), 1, 60);
        limited.Dispose();
        Assert.Equal(StartsPerMinute, (await StreamSessionRows.ForAsync(app, viewer.UserId, movieId)).Count);
    }

    [Fact]
    public async Task Stopping_40_times_in_a_minute_gets_429_beyond_the_stop_limit()
    {
        var movieId = await MediaBucket.UploadTitleAsync(app);
        using var viewer = new Viewer(app, Guid.NewGuid());

        var stops = new List<HttpStatusCode>();
        for (var i = 0; i < 40; i++)
        {
            using var stop = await viewer.StopAsync(movieId, i);
            stops.Add(stop.StatusCode);
            if (stop.StatusCode == HttpStatusCode.TooManyRequests && stops.Count(s => s == HttpStatusCode.TooManyRequests) == 1)
            {
                await Problems.AssertProblemAsync(stop, HttpStatusCode.TooManyRequests);
                Assert.True(stop.Headers.Contains("Retry-After"));
            }
        }

        Assert.All(stops.Take(StopsPerMinute), status => Assert.Equal(HttpStatusCode.OK, status));
        Assert.All(stops.Skip(StopsPerMinute), status => Assert.Equal(HttpStatusCode.TooManyRequests, status));
        // The refused stops recorded nothing: the position is that of the last accepted one.
        using var resume = await viewer.GetProgressAsync(movieId);
        Assert.Equal(StopsPerMinute - 1, (await Json.ReadAsync(resume)).GetProperty("position_seconds").GetInt32());
    }

    [Fact]
    public async Task Concurrent_starts_never_open_more_sessions_than_the_bound()
    {
        var titles = await UploadTitlesAsync(16);
        using var viewer = new Viewer(app, await _users.CreateUserAsync());

        var answers = await Task.WhenAll(titles.Select(async title =>
        {
            using var response = await viewer.StartAsync(title);
            return (response.StatusCode, Body: await response.Content.ReadAsStringAsync());
        }));

        Assert.Equal(MaxOpenSessions, answers.Count(a => a.StatusCode == HttpStatusCode.OK));
        Assert.All(answers.Where(a => a.StatusCode != HttpStatusCode.OK), a =>
        {
            Assert.Equal(HttpStatusCode.Conflict, a.StatusCode);
            Assert.Contains("Too many streams", a.Body, StringComparison.Ordinal);
        });
        Assert.Equal(MaxOpenSessions, await OpenSessionsAsync(viewer.UserId));

        // Stopping one makes room for another.
        var open = await OpenTitlesAsync(viewer.UserId);
        (await viewer.StopAsync(open[0], 10)).EnsureSuccessStatusCode();
        using var again = await viewer.StartAsync(titles.First(title => !open.Contains(title)));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(MaxOpenSessions, await OpenSessionsAsync(viewer.UserId));
    }

    private async Task<List<Guid>> UploadTitlesAsync(int count)
    {
        var titles = new List<Guid>();
        foreach (var chunk in Enumerable.Range(0, count).Chunk(10))
        {
            titles.AddRange(await Task.WhenAll(chunk.Select(_ => MediaBucket.UploadTitleAsync(app))));
        }
        return titles;
    }

    private async Task<long> OpenSessionsAsync(Guid userId) => (await OpenTitlesAsync(userId)).Count;

    private async Task<List<Guid>> OpenTitlesAsync(Guid userId)
    {
        await using var connection = new NpgsqlConnection(await app.ConnectionStringAsync(ResourceNames.Database));
        await connection.OpenAsync();
        await using var select = new NpgsqlCommand("SELECT movie_id FROM stream_sessions WHERE user_id = $1 AND ended_at IS NULL", connection)
        {
            Parameters = { new() { Value = userId } },
        };
        await using var reader = await select.ExecuteReaderAsync();
        var titles = new List<Guid>();
        while (await reader.ReadAsync())
        {
            titles.Add(reader.GetGuid(0));
        }
        return titles;
    }

    public void Dispose() => _users.Dispose();
}
