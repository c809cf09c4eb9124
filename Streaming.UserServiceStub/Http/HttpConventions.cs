using System.Text.Json;

namespace Streaming.UserServiceStub.Http;

/// <summary>The wire conventions every endpoint shares: snake_case JSON and RFC 9457 problem details for every error.</summary>
public static class HttpConventions
{
    public static IHostApplicationBuilder AddHttpConventions(this IHostApplicationBuilder builder)
    {
        builder.Services.ConfigureHttpJsonOptions(options =>
            options.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower);

        builder.Services.AddProblemDetails(options =>
            options.CustomizeProblemDetails = context =>
                context.ProblemDetails.Instance ??= $"{context.HttpContext.Request.Method} {context.HttpContext.Request.Path}");

        // Malformed bodies must reach BadRequestExceptionHandler in every environment, so that the client
        // learns what was wrong instead of getting an empty 400 (the default outside Development).
        builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        builder.Services.AddExceptionHandler<BadRequestExceptionHandler>();

        return builder;
    }

    public static WebApplication UseHttpConventions(this WebApplication app)
    {
        app.UseExceptionHandler();
        // Gives bodiless errors (unknown route, wrong method) a problem details body too.
        app.UseStatusCodePages();
        return app;
    }
}
