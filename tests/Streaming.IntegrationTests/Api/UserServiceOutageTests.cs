using System.Net;
using Streaming.IntegrationTests.Infrastructure;

namespace Streaming.IntegrationTests.Api;

/// <summary>
/// When the user service fails or hangs, a cached answer keeps playback going; without one the API fails
/// closed with a 503, within the user service timeout rather than hanging. A hanging user service holds each request
/// longer than the test's client waits for an answer (<see cref="Hang"/>): any answer at all proves the API gave up on
/// it, with no wall-clock window a loaded machine could miss.
/// </summary>
[Collection(ApiTimingCollection.Name)]
public sealed class UserServiceOutageTests(ApiTimingApp app) : IAsyncLifetime
{
    /// <summary>The stub's longest latency, longer than the test client's timeout (<see cref="Viewer"/>).</summary>
    private const int Hang = 120_000;

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
        using var response = await viewer.StartAsync(movieId);

        await Problems.AssertProblemAsync(response, HttpStatusCode.ServiceUnavailable);
    }

    [Fact]
    public async Task A_hanging_user_service_without_a_cached_answer_is_503_within_the_timeout()
    {
        var movieId = await MediaBucket.UploadTitleAsync(app);
        using var viewer = new Viewer(app, await _users.CreateUserAsync());

        await _users.InjectFaultAsync(latencyMs: Hang);
        using var response = await viewer.StartAsync(movieId);

        // An answer before the client's timeout: the API stopped waiting for the user service, which still holds it.
        await Problems.AssertProblemAsync(response, HttpStatusCode.ServiceUnavailable);
    }

    [Fact]
    public async Task A_hanging_user_service_with_a_cached_answer_does_not_slow_the_start()
    {
        var movieId = await MediaBucket.UploadTitleAsync(app);
        using var viewer = new Viewer(app, await _users.CreateUserAsync());
        (await viewer.StartAsync(movieId)).EnsureSuccessStatusCode();

        await _users.InjectFaultAsync(latencyMs: Hang);
        using var response = await viewer.StartAsync(movieId);

        // Answered at all: the cached answer served it (the user service would hold it past the client's timeout).
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
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
