using System.Net;
using System.Net.Sockets;

namespace Streaming.Hosting.Common;

internal static class LoopbackPorts
{
    /// <summary>A loopback port free right now, for servers whose port must be known before DCP could allocate one.</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
