namespace Streaming.UserServiceStub.DevTools;

public static class DevToolsRegistration
{
    public static IHostApplicationBuilder AddDevTools(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<InjectedFaults>();
        builder.Services.AddSingleton<SubscriptionCallCounter>();
        builder.Services.AddSingleton<DevTokenIssuer>();

        builder.Services.AddOptions<DevTokenOptions>()
            .Bind(builder.Configuration)
            .Validate(
                options => options.HasStrongEnoughSecret(),
                $"JWT_SECRET_KEY must be at least {DevTokenOptions.MinimumSecretBytes} bytes (256 bits) for HS256.")
            .ValidateOnStart();

        return builder;
    }

    /// <summary>Counts every call first, so that calls answered by an injected fault are counted too.</summary>
    public static RouteHandlerBuilder WithDevToolsFilters(this RouteHandlerBuilder endpoint) =>
        endpoint
            .AddEndpointFilter<CallCountingFilter>()
            .AddEndpointFilter<FaultInjectionFilter>();
}
