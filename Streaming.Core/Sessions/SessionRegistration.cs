using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
using Streaming.Core.Progress;

namespace Streaming.Core.Sessions;

public static class SessionRegistration
{
    /// <summary>
    /// What the API and the worker both need to end sessions: when one counts as idle, and the revocation markers that
    /// make its playback links stop working (the API revokes on stop and replacement, the worker's reaper on idleness).
    /// </summary>
    public static IServiceCollection AddSessionEnding(this IServiceCollection services, IConfiguration configuration) => services
        .AddSingleton(SessionLiveness.From(configuration))
        .AddSingleton(provider => new SessionRevocation(provider.GetRequiredService<IConnectionMultiplexer>(),
            provider.GetRequiredService<ProgressLayout>(), SessionRevocation.MarkerTtlFrom(configuration)));
}
