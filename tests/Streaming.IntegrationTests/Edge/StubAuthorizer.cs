using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Streaming.IntegrationTests.Edge;

/// <summary>
/// Stands in for the API's <c>GET /api/v1/playback/authorize</c> (contract of issue 20), so the edge is tested alone.
/// A credential <c>ok-{first 8 characters of a movie id}</c> may play that movie only (any other movie:
/// <c>wrong_title</c>); <c>deny-{reason}</c> is refused with that reason; <c>short-...</c> is allowed for one second only.
/// While <see cref="Down"/> every answer is 503. Every call is recorded.
/// </summary>
public sealed class StubAuthorizer : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _serving;

    public StubAuthorizer()
    {
        Port = FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _serving = Task.Run(ServeAsync);
    }

    public int Port { get; }

    public string Url => $"http://127.0.0.1:{Port}";

    public volatile bool Down;

    /// <summary>Each call: its X-Original-URI and the names of every header the edge sent.</summary>
    public ConcurrentQueue<(string OriginalUri, string[] Headers)> Calls { get; } = new();

    public int CallsFor(string credential) => Calls.Count(call => call.OriginalUri.StartsWith($"/play/{credential}/", StringComparison.Ordinal));

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            var uri = context.Request.Headers["X-Original-URI"] ?? "";
            Calls.Enqueue((uri, context.Request.Headers.AllKeys.OfType<string>().ToArray()));
            var (status, denied, seconds) = Decide(context.Request.Url!.AbsolutePath, uri);
            context.Response.StatusCode = status;
            if (denied is not null)
            {
                context.Response.Headers["X-Playback-Denied"] = denied;
            }
            if (seconds is not null)
            {
                context.Response.Headers["X-Accel-Expires"] = seconds;
            }
            context.Response.ContentLength64 = 0;
            context.Response.Close();
        }
    }

    private (int Status, string? Denied, string? Seconds) Decide(string path, string originalUri)
    {
        var segments = originalUri.Split('/');
        if (Down)
        {
            return (503, null, null);
        }
        if (path != "/api/v1/playback/authorize" || segments.Length < 5)
        {
            return (403, "invalid", "30");
        }
        var (credential, movie) = (segments[2], segments[3]);
        if (credential.StartsWith("deny-", StringComparison.Ordinal))
        {
            return (403, credential["deny-".Length..], "30");
        }
        if (credential.StartsWith("short-", StringComparison.Ordinal))
        {
            return (200, null, "1");
        }
        return credential.StartsWith("ok-", StringComparison.Ordinal) && movie.StartsWith(credential["ok-".Length..], StringComparison.Ordinal)
            ? (200, null, "300")
            : (403, "wrong_title", "30");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _serving;
    }
}
