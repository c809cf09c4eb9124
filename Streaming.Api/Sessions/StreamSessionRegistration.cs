using Streaming.Core.Data;
using Streaming.Core.Sessions;

namespace Streaming.Api.Sessions;

public static class StreamSessionRegistration
{
    /// <summary>Stream sessions in PostgreSQL (the limits per plan, replacement) and how they end.</summary>
    public static IServiceCollection AddStreamSessions(this IServiceCollection services, IConfiguration configuration) => services
        .AddSessionEnding(configuration)
        .AddScoped<OutboxWriter>()
        .AddScoped<SessionClosing>()
        .AddScoped<StreamSessionStore>();
}
