using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace Streaming.Hosting.Redis;

/// <summary>
/// Sends one inline command to one Redis node on a fresh connection and reads its reply. A cluster-aware client would
/// connect to every node it discovers; a health check of one node must talk to that node only.
/// </summary>
internal static class RedisProbe
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    public static async Task<string> SendAsync(string endpoint, string command, CancellationToken cancellationToken)
    {
        var separator = endpoint.LastIndexOf(':');
        var host = endpoint[..separator];
        var port = int.Parse(endpoint[(separator + 1)..], CultureInfo.InvariantCulture);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);

        using var client = new TcpClient();
        await client.ConnectAsync(host, port, timeout.Token);
        await using var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(command + "\r\n"), timeout.Token);
        using var reader = new StreamReader(stream, Encoding.ASCII);
        var header = await reader.ReadLineAsync(timeout.Token) ?? throw new IOException($"{endpoint} closed the connection.");
        switch (header[0])
        {
            case '+':
                return header[1..];
            case '-':
                throw new IOException($"{endpoint} answered {header[1..]}");
            case '$':
                var body = new char[int.Parse(header[1..], CultureInfo.InvariantCulture)];
                var read = 0;
                while (read < body.Length)
                {
                    var count = await reader.ReadAsync(body.AsMemory(read), timeout.Token);
                    read += count > 0 ? count : throw new IOException($"{endpoint} closed the connection.");
                }
                return new string(body);
            default:
                throw new IOException($"{endpoint} answered an unexpected reply: {header}");
        }
    }
}
