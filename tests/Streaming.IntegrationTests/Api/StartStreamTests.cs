using System.Net;
using Streaming.IntegrationTests.Infrastructure;

namespace Streaming.IntegrationTests.Api;

/// <summary>POST /api/v1/stream/{movie_id}: a signed manifest URL a player can fetch, or a precise refusal.</summary>
[Collection(ApiContractCollection.Name)]
public sealed class StartStreamTests(ApiContractApp app) : IDisposable
{
    private static readonly Guid ExpiredUserId = Guid.Parse("7d0c1a52-3f4e-4a8e-9d2b-5b1e6f0a1c02");

    private readonly StubUserService _users = new(app);
    private readonly HttpClient _anonymous = new();

    [Fact]
    public async Task Hls_start_answers_the_spec_fields_and_a_manifest_url_the_player_can_fetch()
    {
        var movieId = await MediaBucket.UploadTitleAsync(app);
        using var viewer = new Viewer(app, await _users.CreateUserAsync());

        using var response = await viewer.StartAsync(movieId, "hls");

        var body = await Json.ReadAsync(response);
        Assert.Equal("hls", body.GetProperty("manifest_type").GetString());
        Assert.Equal(3600, body.GetProperty("expires_in").GetInt32());
        var manifest = await FetchAsync(viewer, body.GetProperty("manifest_url").GetString()!);
        Assert.StartsWith("#EXTM3U", manifest);
        Assert.Contains("chunk_00001.ts", manifest);
    }

    [Fact]
    public async Task Dash_start_answers_a_manifest_url_for_the_mpd()
    {
        var movieId = await MediaBucket.UploadTitleAsync(app, withDash: true);
        using var viewer = new Viewer(app, await _users.CreateUserAsync());

        using var response = await viewer.StartAsync(movieId, "dash");

        var body = await Json.ReadAsync(response);
        Assert.Equal("dash", body.GetProperty("manifest_type").GetString());
        var manifest = await FetchAsync(viewer, body.GetProperty("manifest_url").GetString()!);
        Assert.Contains("<MPD", manifest);
    }

    [Fact]
    public async Task A_start_without_a_body_streams_hls()
    {
        var movieId = await MediaBucket.UploadTitleAsync(app);
        using var viewer = new Viewer(app, await _users.CreateUserAsync());

        using var response = await viewer.Http.PostAsync($"/api/v1/stream/{movieId}", content: null);

        var body = await Json.ReadAsync(response);
        Assert.Equal("hls", body.GetProperty("manifest_type").GetString());
    }

    [Fact]
    public async Task Every_answer_field_is_snake_case_and_the_spec_fields_are_present()
    {
        var movieId = await MediaBucket.UploadTitleAsync(app);
        using var viewer = new Viewer(app, await _users.CreateUserAsync());

        using var response = await viewer.StartAsync(movieId);

        var names = Json.PropertyNames(await Json.ReadAsync(response));
        Assert.Subset(names.ToHashSet(), new HashSet<string> { "manifest_url", "expires_in", "manifest_type" });
        Assert.All(names, name => Assert.Matches("^[a-z]+(_[a-z]+)*$", name));
    }

    [Fact]
    public async Task The_manifest_url_without_its_credential_is_refused()
    {
        var movieId = await MediaBucket.UploadTitleAsync(app);
        using var viewer = new Viewer(app, await _users.CreateUserAsync());
        using var response = await viewer.StartAsync(movieId);
        var signed = new Uri(viewer.Http.BaseAddress!, (await Json.ReadAsync(response)).GetProperty("manifest_url").GetString()).ToString();
        using (var control = await _anonymous.GetAsync(signed))
        {
            Assert.Equal(HttpStatusCode.OK, control.StatusCode);
        }

        using var forged = await _anonymous.GetAsync(signed.Replace(PlaybackCredentials.Of(signed), "forged", StringComparison.Ordinal));
        using var missing = await _anonymous.GetAsync(signed.Replace(PlaybackCredentials.Of(signed) + "/", "", StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        Assert.InRange((int)missing.StatusCode, 400, 499);
    }

    [Fact]
    public async Task An_expired_subscription_is_refused_with_403()
    {
        var movieId = await MediaBucket.UploadTitleAsync(app);
        using var viewer = new Viewer(app, ExpiredUserId);

        using var response = await viewer.StartAsync(movieId);

        var problem = await Problems.AssertProblemAsync(response, HttpStatusCode.Forbidden);
        Assert.Equal("No active subscription", problem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task A_user_the_user_service_does_not_know_is_refused_with_403()
    {
        var movieId = await MediaBucket.UploadTitleAsync(app);
        using var viewer = new Viewer(app, Guid.NewGuid());

        using var response = await viewer.StartAsync(movieId);

        await Problems.AssertProblemAsync(response, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_title_without_a_manifest_is_404_manifest_not_found()
    {
        using var viewer = new Viewer(app, await _users.CreateUserAsync());

        using var response = await viewer.StartAsync(Guid.NewGuid());

        var problem = await Problems.AssertProblemAsync(response, HttpStatusCode.NotFound);
        Assert.Equal("Manifest not found", problem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task Dash_for_a_title_that_only_has_hls_is_404()
    {
        var movieId = await MediaBucket.UploadTitleAsync(app, withDash: false);
        using var viewer = new Viewer(app, await _users.CreateUserAsync());

        using var response = await viewer.StartAsync(movieId, "dash");

        var problem = await Problems.AssertProblemAsync(response, HttpStatusCode.NotFound);
        Assert.Equal("Manifest not found", problem.GetProperty("title").GetString());
    }

    /// <summary>No credential but the URL itself: the player does not send the API's bearer token.</summary>
    private async Task<string> FetchAsync(Viewer viewer, string manifestUrl)
    {
        using var response = await _anonymous.GetAsync(new Uri(viewer.Http.BaseAddress!, manifestUrl));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {manifestUrl} answered {(int)response.StatusCode}: {text}");
        return text;
    }

    public void Dispose()
    {
        _users.Dispose();
        _anonymous.Dispose();
    }
}
