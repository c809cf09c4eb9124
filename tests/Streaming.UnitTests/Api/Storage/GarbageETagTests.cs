using System.Net;
using System.Net.Sockets;
using System.Text;
using Streaming.Api.Dependencies;
using Streaming.Api.Storage;

namespace Streaming.UnitTests.Api.Storage;

/// <summary>A store answering a GET with an ETag that is not hex is a storage failure (503), not an unhandled 500.</summary>
public sealed class GarbageETagTests
{
    [Theory]
    [InlineData("\"abc\"")]
    [InlineData("\"zz_not_hex\"")]
    public async Task A_non_hex_etag_is_an_object_storage_failure(string etag)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var answering = AnswerOnceAsync(listener, etag);
        var endpoint = new Uri($"http://127.0.0.1:{port}");
        using var storage = new MediaStorage(new S3Options(endpoint, endpoint, "key", "secret", "vod"));

        var failure = await Assert.ThrowsAnyAsync<Exception>(() => storage.ReadTextAsync("movies/x/index.m3u8", CancellationToken.None));

        Assert.True(failure.IsFailureOf(Dependency.ObjectStorage), $"{failure.GetType()}: {failure.Message}");
        await answering;
    }

    private static async Task AnswerOnceAsync(TcpListener listener, string etag)
    {
        using var client = await listener.AcceptTcpClientAsync();
        var stream = client.GetStream();
        var request = new byte[8192];
        var read = 0;
        while (!Encoding.ASCII.GetString(request, 0, read).Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            read += await stream.ReadAsync(request.AsMemory(read));
        }
        const string body = "#EXTM3U\n";
        var response = $"HTTP/1.1 200 OK\r\nContent-Type: application/vnd.apple.mpegurl\r\nContent-Length: {body.Length}\r\nETag: {etag}\r\nConnection: close\r\n\r\n{body}";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(response));
    }
}
