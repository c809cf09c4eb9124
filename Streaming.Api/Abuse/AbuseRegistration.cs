namespace Streaming.Api.Abuse;

public static class AbuseRegistration
{
    /// <summary>The per-user limits on starts, stops and progress across all titles.</summary>
    public static IServiceCollection AddUserRateLimits(this IServiceCollection services, IConfiguration configuration) => services
        .AddSingleton(AbuseLimits.From(configuration))
        .AddSingleton<UserRateLimiter>();
}
