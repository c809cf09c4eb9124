namespace Streaming.Api.Progress;

/// <summary>
/// The baseline of the progress benchmark (bench/progress): <c>POST /bench/bare</c> reads the same JSON body as a
/// progress update and answers the same shape, with no authentication and no I/O. It exists only when
/// <c>Benchmark:BareEndpoint=true</c>; production configuration never sets it.
/// </summary>
public static class BenchmarkEndpoints
{
    public const string SettingName = "Benchmark:BareEndpoint";

    public static IEndpointRouteBuilder MapBenchmarkEndpoints(this IEndpointRouteBuilder app, IConfiguration configuration)
    {
        if (configuration.GetValue(SettingName, false))
        {
            app.MapPost("/bench/bare", (UpdateProgressRequest body) =>
                    TypedResults.Ok(new UpdateProgressResponse(true, body.PositionSeconds, "Progress updated successfully")))
                .AllowAnonymous()
                .ExcludeFromDescription();
        }
        return app;
    }
}
