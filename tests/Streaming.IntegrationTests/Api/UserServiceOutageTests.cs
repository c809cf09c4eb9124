using System.Diagnostics;
using System.Net;
using Streaming.IntegrationTests.Api.Support;

namespace Streaming.IntegrationTests.Api;

/// <summary>
/// When the user service fails or hangs, a cached answer keeps playback going; without one the API fails
/// closed with a 503, within the user service timeout rather than hanging.
/// </summary>
[Collection(ApiTimingCollection.Name)]
public sealed class UserServiceOutageTests(ApiTimingApp app) : IAsyncLifetime
{
    // USER_SERVICE_TIMEOUT is 1 s in this collection; this leaves room for a slow machine, not for a hang.
    private static readonly TimeSpan AnswerBound = TimeSpan.FromSeconds(4);

    private readonly StubUserService _users = new(app);

    public Task InitializeAsync() => _users.ClearFaultsAsync();

    [Fact]
    public async Task A_failing_user_service_with_a_cached_answer_still_lets_the_user_start()
    {
        var movieId = await MediaBucket.UploadTitleAsync(app);
        using var viewer = new Viewer(app, await _users.CreateUserAsync());
        (await viewer.StartAsync(movieId)).EnsureSuccessStatusCode();

        await _users.InjectFaultAsync(failureStatus: 503);
        using var response = await viewer.StartAsync(movieId);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_failing_user_service_without_a_cached_answer_is_503()
    {
        var movieId = await MediaBucket.UploadTitleAsync(app);
        using var viewer = new Viewer(app, await _users.CreateUserAsync());

        await _users.InjectFaultAsync(failureStatus: 503);
        var clock = Stopwatch.StartNew();
        using var response = await viewer.StartAsync(movieId);

        await Problems.AssertProblemAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.True(clock.Elapsed < AnswerBound, $"Answered after {clock.Elapsed}.");
    }

    [Fact]
    public async Task A_hanging_user_service_without_a_cached_answer_is_503_within_the_timeout()
    {
        var movieId = await MediaBucket.UploadTitleAsync(app);
        using var viewer = new Viewer(app, await _users.CreateUserAsync());

        await _users.InjectFaultAsync(latencyMs: 10_000);
        var clock = Stopwatch.StartNew();
        using var response = await viewer.StartAsync(movieId);

        await Problems.AssertProblemAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.True(clock.Elapsed < AnswerBound, $"Answered after {clock.Elapsed}.");
    }

    [Fact]
    public async Task A_hanging_user_service_with_a_cached_answer_does_not_slow_the_start()
    {
        var movieId = await MediaBucket.UploadTitleAsync(app);
        using var viewer = new Viewer(app, await _users.CreateUserAsync());
        (await viewer.StartAsync(movieId)).EnsureSuccessStatusCode();

        await _users.InjectFaultAsync(latencyMs: 10_000);
        var clock = Stopwatch.StartNew();
        using var response = await viewer.StartAsync(movieId);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(clock.Elapsed < AnswerBound, $"Answered after {clock.Elapsed}; the injected latency is 10 s.");
    }

    [Fact]
    public async Task An_unavailable_answer_is_not_cached()
    {
        var movieId = await MediaBucket.UploadTitleAsync(app);
        using var viewer = new Viewer(app, await _users.CreateUserAsync());
        await _users.InjectFaultAsync(failureStatus: 503);
        (await viewer.StartAsync(movieId)).Dispose();

        await _users.ClearFaultsAsync();
        using var response = await viewer.StartAsync(movieId);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    public async Task DisposeAsync()
    {
        await _users.ClearFaultsAsync();
        _users.Dispose();
    }
}
