using Scalar.AspNetCore;

namespace Streaming.Api.OpenApi;

public static class OpenApiRegistration
{
    public static IServiceCollection AddStreamingOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(options => options.AddStreamingDocument());

    /// <summary>The document at <c>/openapi/v1.json</c> and its reader at <c>/docs</c>.</summary>
    public static WebApplication MapStreamingOpenApi(this WebApplication app)
    {
        app.MapOpenApi();
        app.MapScalarApiReference("/docs", options => options.WithTitle("Streaming API").WithOpenApiRoutePattern("/openapi/{documentName}.json"));
        return app;
    }
}
