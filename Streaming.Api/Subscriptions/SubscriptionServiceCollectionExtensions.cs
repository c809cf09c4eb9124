using Streaming.Api.Configuration;

namespace Streaming.Api.Subscriptions;

public static class SubscriptionServiceCollectionExtensions
{
    public const string TimeoutSetting = "USER_SERVICE_TIMEOUT";
    public const string CacheTtlSetting = "REDIS_SUBSCRIPTION_CACHE_TTL";
    public const string UnknownUserTtlSetting = "REDIS_SUBSCRIPTION_UNKNOWN_USER_TTL";

    public static IServiceCollection AddSubscriptionChecks(this IServiceCollection services, IConfiguration configuration)
    {
        var timeout = configuration.GetSeconds(TimeoutSetting, 3);
        var baseAddress = UserServiceClient.BaseAddressFrom(configuration);

        services.AddSingleton(new SubscriptionCacheOptions(
            configuration.GetSeconds(CacheTtlSetting, 300),
            configuration.GetSeconds(UnknownUserTtlSetting, 10)));
        services.AddSingleton(PlanStreamLimits.From(configuration));
        services.AddSingleton<SubscriptionChecker>();
#pragma warning disable EXTEXP0001 // RemoveAllResilienceHandlers: the only way to replace the defaults' handler for one client.
        services.AddHttpClient<UserServiceClient>(http => http.BaseAddress = new Uri(baseAddress.TrimEnd('/') + "/"))
            // USER_SERVICE_TIMEOUT bounds the whole call, retries included: a start never hangs on the user service.
            .RemoveAllResilienceHandlers()
            .AddStandardResilienceHandler(options =>
            {
                options.TotalRequestTimeout.Timeout = timeout;
                options.AttemptTimeout.Timeout = timeout / 2;
                options.CircuitBreaker.SamplingDuration = timeout * 2 > TimeSpan.FromSeconds(30) ? timeout * 2 : TimeSpan.FromSeconds(30);
                options.Retry.MaxRetryAttempts = 1;
                options.Retry.Delay = TimeSpan.FromMilliseconds(100);
            });
#pragma warning restore EXTEXP0001
        return services;
    }
}
