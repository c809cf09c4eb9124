using Streaming.Core.Progress;

namespace Streaming.Api.Progress;

public static class ProgressRegistration
{
    /// <summary>Writing progress to Redis (one script per report), reading it back, and the viewing thresholds.</summary>
    public static IServiceCollection AddProgress(this IServiceCollection services, IConfiguration configuration) => services
        .AddSingleton(ProgressLayout.From(configuration))
        .AddSingleton(ProgressOptions.From(configuration))
        .AddSingleton(ViewingThresholds.From(configuration))
        .AddSingleton<ProgressWriter>()
        .AddScoped<ProgressReader>();
}
