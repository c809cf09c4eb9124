using System.Net.Sockets;
using System.Text;

namespace Streaming.IntegrationTests.Edge;

/// <summary>
/// A GET with the request target exactly as given: HttpClient's Uri removes "..", "." and decodes some escapes
/// before sending, which would hide what an attacker can send.
/// </summary>
public static class RawHttp
{
    public sealed record Response(int Status, IReadOnlyDictionary<string, string> Headers, string Body);

    public static async Task<Response> GetAsync(Uri edge, string target)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(edge.Host, edge.Port);
        await using var stream = client.GetStream();
        var request = $"GET {target} HTTP/1.1\r\nHost: {edge.Authority}\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var text = await reader.ReadToEndAsync();
        var headEnd = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var lines = text[..headEnd].Split("\r\n");
        var headers = lines.Skip(1).Select(line => line.Split(':', 2))
            .GroupBy(parts => parts[0].Trim(), StringComparer.OrdinalIgnoreCase)
            .ToDictionary(group => group.Key, group => group.Last()[1].Trim(), StringComparer.OrdinalIgnoreCase);
        return new(int.Parse(lines[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture), headers, text[(headEnd + 4)..]);
    }
}
