using Streaming.IntegrationTests.Infrastructure;

namespace Streaming.IntegrationTests.Api;

/// <summary>The API's contract with its default settings: shapes, validation, authentication, documents.</summary>
[CollectionDefinition(Name)]
public sealed class ApiContractCollection : ICollectionFixture<ApiContractApp>
{
    public const string Name = "api-contract";
}

public sealed class ApiContractApp : StreamingApp
{
    // ASP.NET Core's request-level logs are at Warning in the API's settings; brought back to Information here so that
    // a test can see that no request log line carries a signature (they would if the API let them through).
    protected override void Configure(IDistributedApplicationTestingBuilder builder) =>
        builder.CreateResourceBuilder<ProjectResource>(ResourceNames.Api)
            .WithEnvironment("Logging__LogLevel__Microsoft.AspNetCore", "Information");
}

/// <summary>
/// Behaviour that depends on time and on the user service misbehaving: short TTLs and a short user service
/// timeout so that expiry and outages show within seconds. Tests here reset the stub's faults themselves.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ApiTimingCollection : ICollectionFixture<ApiTimingApp>
{
    public const string Name = "api-timing";
}

public sealed class ApiTimingApp : StreamingApp
{
    public static readonly TimeSpan SubscriptionCacheTtl = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan UnknownUserCacheTtl = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan ProgressHotCopyTtl = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan UserServiceTimeout = TimeSpan.FromSeconds(1);

    protected override void Configure(IDistributedApplicationTestingBuilder builder) =>
        builder.CreateResourceBuilder<ProjectResource>(ResourceNames.Api)
            .WithEnvironment("REDIS_SUBSCRIPTION_CACHE_TTL", Seconds(SubscriptionCacheTtl))
            .WithEnvironment("REDIS_SUBSCRIPTION_UNKNOWN_USER_TTL", Seconds(UnknownUserCacheTtl))
            .WithEnvironment("REDIS_PROGRESS_TTL", Seconds(ProgressHotCopyTtl))
            .WithEnvironment("USER_SERVICE_TIMEOUT", Seconds(UserServiceTimeout));

    private static string Seconds(TimeSpan value) => ((int)value.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
