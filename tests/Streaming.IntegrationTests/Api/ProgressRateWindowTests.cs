using System.Globalization;
using System.Net;
using StackExchange.Redis;
using Streaming.IntegrationTests.Infrastructure;

namespace Streaming.IntegrationTests.Api;

/// <summary>
/// A title's progress limit (PROGRESS_RATE_LIMIT, 5 per PROGRESS_RATE_WINDOW, 10 s) counts in a window the write script
/// keeps in the title's hot copy. The window must end on its own while the hot copy lives on (here for a minute).
/// </summary>
[Collection(ApiTimingCollection.Name)]
public sealed class ProgressRateWindowTests(ApiTimingApp app)
{
    private const int Limit = 5;

    [Fact]
    public async Task A_title_refused_for_reporting_too_often_is_accepted_again_once_its_window_has_ended()
    {
        using var viewer = new Viewer(app, Guid.NewGuid());
        var movieId = await MediaBucket.UploadTitleAsync(app);
        for (var position = 1; position <= Limit; position++)
        {
            (await viewer.ReportProgressAsync(movieId, position)).EnsureSuccessStatusCode();
        }

        using var refused = await viewer.ReportProgressAsync(movieId, Limit + 1);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        var retryAfter = TimeSpan.FromSeconds(int.Parse(Assert.Single(refused.Headers.GetValues("Retry-After")), CultureInfo.InvariantCulture));
        Assert.InRange(retryAfter, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10));

        await Task.Delay(retryAfter);
        await using var redis = await ConnectionMultiplexer.ConnectAsync(await app.ConnectionStringAsync(ResourceNames.Redis));
        var hotCopyTtl = await redis.GetDatabase().KeyTimeToLiveAsync(ProgressKeys.HotKey(viewer.UserId, movieId));
        Assert.True(hotCopyTtl > TimeSpan.FromSeconds(30), $"The hot copy lives on (TTL {hotCopyTtl}), so only the window's end can let the next update in.");

        using var accepted = await viewer.ReportProgressAsync(movieId, Limit + 2);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        using var progress = await viewer.GetProgressAsync(movieId);
        Assert.Equal(Limit + 2, (await Json.ReadAsync(progress)).GetProperty("position_seconds").GetInt32());
    }
}
