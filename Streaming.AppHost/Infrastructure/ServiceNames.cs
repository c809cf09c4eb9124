using Streaming.Core.Connections;

namespace Streaming.AppHost.Infrastructure;

/// <summary>The resource names of the services, as the dashboard, service discovery and the tests know them.</summary>
public static class ServiceNames
{
    public const string Api = "api";
    public const string UserService = ConnectionNames.UserService;
    public const string ProgressWorker = "progress-worker";
    public const string Edge = "edge";
}
