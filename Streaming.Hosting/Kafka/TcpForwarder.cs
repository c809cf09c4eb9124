using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Streaming.Hosting.Kafka;

/// <summary>
/// Gives the mock broker a stable address: its own listener port is random, so clients connect here and
/// metadata advertises this port.
/// </summary>
internal sealed class TcpForwarder : IDisposable
{
    private readonly TcpListener _listener;
    private readonly IPEndPoint _target;
    private readonly CancellationTokenSource _cts = new();
    private readonly ConcurrentDictionary<Socket, Socket> _connections = new();
    private readonly Task _acceptLoop;
    private volatile bool _refusing;

    public TcpForwarder(int port, IPEndPoint target)
    {
        _target = target;
        _listener = new TcpListener(IPAddress.Loopback, port);
        _listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        _listener.Start();
        _acceptLoop = Task.Run(AcceptLoopAsync);
    }

    /// <summary>
    /// While refusing, the port stays bound (nothing else can take it) but every connection is reset, like a
    /// broker that is down; open connections are dropped so no client keeps a working path.
    /// </summary>
    public void Refuse(bool refuse)
    {
        _refusing = refuse;
        if (refuse)
        {
            foreach (var client in _connections.Keys)
            {
                Close(client);
            }
        }
    }

    private async Task AcceptLoopAsync()
    {
        while (!_cts.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(_cts.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                if (_cts.IsCancellationRequested)
                {
                    return;
                }
                continue;
            }
            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(Socket client)
    {
        using var upstream = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        client.NoDelay = true;
        _connections[client] = upstream;
        try
        {
            if (_refusing)
            {
                return;
            }
            await upstream.ConnectAsync(_target, _cts.Token);
            if (_refusing)
            {
                return;
            }
            await using var clientStream = new NetworkStream(client, ownsSocket: false);
            await using var upstreamStream = new NetworkStream(upstream, ownsSocket: false);
            // Whichever side closes first ends the pair: Kafka has no use for half-open connections.
            await Task.WhenAny(clientStream.CopyToAsync(upstreamStream, _cts.Token), upstreamStream.CopyToAsync(clientStream, _cts.Token));
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
        finally
        {
            _connections.TryRemove(client, out _);
            Close(client);
            Close(upstream);
        }
    }

    private static void Close(Socket socket)
    {
        try
        {
            // Abortive close (RST): a refused or dropped connection fails fast instead of lingering.
            socket.LingerState = new LingerOption(true, 0);
            socket.Close();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    public void Dispose()
    {
        _cts.Cancel();
        _listener.Stop();
        foreach (var (client, upstream) in _connections)
        {
            Close(client);
            Close(upstream);
        }
        try
        {
            _acceptLoop.Wait(TimeSpan.FromSeconds(2));
        }
        catch (AggregateException)
        {
        }
        _cts.Dispose();
    }
}
