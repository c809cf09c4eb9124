namespace Streaming.Api.Health;

public static class HealthRegistration
{
    /// <summary>The dependency checks, run in the background so that /health answers from the latest report.</summary>
    public static IServiceCollection AddStreamingHealth(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddHealthChecks().AddDependencyHealthChecks();
        return services.AddBackgroundHealth(configuration);
    }
}
