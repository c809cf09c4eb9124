using System.Net;
using Amazon.S3.Model;
using Streaming.Core.Storage;
using Streaming.IntegrationTests.Infrastructure;

namespace Streaming.IntegrationTests.Outages;

/// <summary>S3 frozen (SIGSTOP on the Swift proxy): nothing answers, connections pile up, and then it comes back.</summary>
[Collection(OutageCollection.Name)]
public sealed class StorageOutageTests(OutageApp app) : IDisposable
{
    /// <summary>The title plays again once S3 returns (no failure is kept for the signed link's lifetime).</summary>
    private static readonly TimeSpan PlaysAgainBound = Outage.RecoveryBound;

    private readonly HttpClient _player = new();

    [Fact]
    public async Task While_s3_is_frozen_start_and_manifest_requests_answer_503_without_waiting_for_it_and_play_again_after_it_returns()
    {
        using var viewer = await app.CreateSubscriberClientAsync();
        var movie = await app.CreateTitleAsync();
        var other = await app.CreateTitleAsync();
        var manifest = await viewer.StartForManifestAsync(movie);

        using (ProcessSignals.Freeze(S3ProxyProcess()))
        {
            await Task.WhenAll(
                Outage.AssertProblemAsync(() => viewer.StartAsync(other), HttpStatusCode.ServiceUnavailable, "start while S3 is frozen"),
                Outage.AssertProblemAsync(() => _player.GetAsync(manifest), HttpStatusCode.ServiceUnavailable, "a manifest while S3 is frozen"));
        }

        await Outage.AssertRecoversAsync(() => _player.GetAsync(manifest), PlaysAgainBound, "the manifest after S3 returned");
        await Outage.AssertRecoversAsync(() => viewer.StartAsync(other), PlaysAgainBound, "start after S3 returned");
    }

    [Fact]
    public async Task A_manifest_whose_first_request_was_abandoned_during_an_s3_freeze_plays_again_once_s3_returns()
    {
        using var viewer = await app.CreateSubscriberClientAsync();
        var movie = await app.CreateTitleAsync();
        var manifest = await viewer.StartForManifestAsync(movie); // never fetched before

        using (ProcessSignals.Freeze(S3ProxyProcess()))
        {
            using var giveUp = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _player.GetAsync(manifest, giveUp.Token));
            // Longer than the storage client's own timeout and retry (5 s, twice): whatever the abandoned request left
            // running has failed by the time S3 returns.
            await Task.Delay(TimeSpan.FromSeconds(15));
        }

        await Outage.AssertRecoversAsync(() => _player.GetAsync(manifest), PlaysAgainBound, "the abandoned manifest after S3 returned");
    }

    [Fact]
    public async Task A_manifest_that_was_missing_is_served_once_it_is_uploaded()
    {
        using var viewer = await app.CreateSubscriberClientAsync();
        var movie = await app.CreateTitleAsync();
        var manifest = await viewer.StartForManifestAsync(movie);
        using var s3 = S3Connection.Parse(await app.ConnectionStringAsync(ResourceNames.S3)).CreateClient();
        var key = $"movies/{movie}/index.m3u8";
        var original = await s3.GetObjectAsync("vod", key);
        using var reader = new StreamReader(original.ResponseStream);
        var playlist = await reader.ReadToEndAsync();
        // The packager has not finished uploading when the first player asks.
        await s3.DeleteObjectAsync("vod", key);
        using (var missing = await _player.GetAsync(manifest))
        {
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        }

        await s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = "vod", Key = key, ContentBody = playlist, ContentType = "application/vnd.apple.mpegurl", UseChunkEncoding = false,
        });

        await Outage.AssertRecoversAsync(() => _player.GetAsync(manifest), PlaysAgainBound, "the manifest after its upload");
    }

    private int S3ProxyProcess() => ProcessSignals.ProcessIdOf(app.App, ResourceNames.S3, "swift-proxy-server");

    public void Dispose() => _player.Dispose();
}
