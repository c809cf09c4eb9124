using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Streaming.UserServiceStub.Subscriptions;

public static class SubscriptionsRegistration
{
    public static IHostApplicationBuilder AddSubscriptions(this IHostApplicationBuilder builder)
    {
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(services =>
        {
            var store = new SubscriptionStore();
            DevelopmentUsers.SeedInto(store, services.GetRequiredService<TimeProvider>().GetUtcNow());
            return store;
        });
        return builder;
    }
}
