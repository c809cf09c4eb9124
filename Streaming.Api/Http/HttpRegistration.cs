namespace Streaming.Api.Http;

public static class HttpRegistration
{
    /// <summary>Problem details for every error, and which proxies' forwarded headers are believed.</summary>
    public static IServiceCollection AddHttpConventions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddProblemDetails(options => options.CustomizeProblemDetails = ProblemDefaults.AddActionableDetail);
        return services.AddTrustedProxies(configuration);
    }

    /// <summary>The request pipeline every route runs behind, in its order.</summary>
    public static WebApplication UseHttpConventions(this WebApplication app)
    {
        app.UseForwardedHeaders();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRequestTimeouts();
        return app;
    }
}
