using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using Streaming.Api.Manifests;
using Streaming.Api.Storage;
using Streaming.Api.Storage.Ingest;

namespace Streaming.UnitTests.Api.Storage.Ingest;

/// <summary>Ingest refuses a folder whose manifest the API would refuse, before anything reaches the bucket.</summary>
public sealed class MediaFolderUploaderTests : IDisposable
{
    private const string GoodMpd = """
        <MPD xmlns="urn:mpeg:dash:schema:mpd:2011" type="static" mediaPresentationDuration="PT8S">
          <Period><AdaptationSet mimeType="video/mp4">
            <SegmentTemplate timescale="1000" duration="4000" media="chunk-$Number$.m4s" initialization="init.mp4" />
            <Representation id="v" bandwidth="800000" />
          </AdaptationSet></Period>
        </MPD>
        """;

    private readonly string _folder = Directory.CreateTempSubdirectory("hostile-ingest-").FullName;
    private readonly FakeBucket _bucket = new();

    public MediaFolderUploaderTests()
    {
        File.WriteAllText(Path.Combine(_folder, "init.mp4"), "init");
        File.WriteAllText(Path.Combine(_folder, "chunk-1.m4s"), "one");
        File.WriteAllText(Path.Combine(_folder, "chunk-2.m4s"), "two");
        File.WriteAllText(Path.Combine(_folder, "index.m3u8"), "#EXTM3U\n#EXTINF:4,\nchunk-1.m4s\n#EXTINF:4,\nchunk-2.m4s\n#EXT-X-ENDLIST\n");
    }

    [Fact]
    public async Task A_folder_with_a_duration_zero_mpd_is_refused_and_nothing_is_uploaded()
    {
        File.WriteAllText(Path.Combine(_folder, "index.mpd"), GoodMpd.Replace("duration=\"4000\"", "duration=\"0\"", StringComparison.Ordinal));

        var refusal = await Assert.ThrowsAsync<UnusableManifestException>(() => UploadAsync());

        Assert.Contains("index.mpd", refusal.Message);
        Assert.Contains("duration=\"0\"", refusal.Message);
        Assert.Equal(0, _bucket.Connections);
    }

    [Fact]
    public async Task A_folder_with_a_manifest_over_the_size_cap_is_refused_and_nothing_is_uploaded()
    {
        using (var playlist = File.CreateText(Path.Combine(_folder, "big.m3u8")))
        {
            playlist.Write("#EXTM3U\n");
            playlist.Write(new string('#', ManifestLimits.MaxManifestBytes));
        }

        var refusal = await Assert.ThrowsAsync<UnusableManifestException>(() => UploadAsync());

        Assert.Contains("big.m3u8", refusal.Message);
        Assert.Equal(0, _bucket.Connections);
    }

    [Fact]
    public async Task A_usable_folder_goes_on_to_upload()
    {
        File.WriteAllText(Path.Combine(_folder, "index.mpd"), GoodMpd);

        // The fake bucket hangs up on every request: the upload fails, but only after it was tried.
        var failure = await Record.ExceptionAsync(() => UploadAsync());

        Assert.IsNotType<UnusableManifestException>(failure);
        Assert.True(_bucket.Connections > 0, $"No upload was tried: {failure}");
    }

    private async Task UploadAsync()
    {
        var endpoint = new Uri($"http://127.0.0.1:{_bucket.Port}");
        using var storage = new MediaStorage(new S3Options(endpoint, endpoint, "key", "secret", "vod"));
        await new MediaFolderUploader(storage, NullLogger<MediaFolderUploader>.Instance).UploadAsync(_folder, Guid.NewGuid(), CancellationToken.None);
    }

    public void Dispose()
    {
        _bucket.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>Counts connections and closes each at once: any upload attempt shows.</summary>
    private sealed class FakeBucket : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private int _connections;

        public FakeBucket()
        {
            _listener.Start();
            _ = AcceptAsync();
        }

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        public int Connections => Volatile.Read(ref _connections);

        private async Task AcceptAsync()
        {
            try
            {
                while (true)
                {
                    using var client = await _listener.AcceptTcpClientAsync();
                    Interlocked.Increment(ref _connections);
                }
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                // stopped
            }
        }

        public void Dispose() => _listener.Stop();
    }
}
