namespace Streaming.Api.ContinueWatching;

public static class ContinueWatchingRegistration
{
    public static IServiceCollection AddContinueWatching(this IServiceCollection services) => services
        .AddScoped<ContinueWatchingQuery>()
        .AddScoped<ContinueWatchingRemoval>();
}
