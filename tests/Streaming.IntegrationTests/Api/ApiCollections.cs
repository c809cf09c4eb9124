using Streaming.IntegrationTests.Infrastructure;

namespace Streaming.IntegrationTests.Api;

/// <summary>
/// The API's contract with its default settings: shapes, validation, authentication, documents. Host names and
/// proxies are configured as a production deployment would (the API runs as Development here, whose AllowedHosts
/// is *), with a trusted proxy that is not the test's own address: every test client is an untrusted caller.
/// Delivery is the API's own default, presigned: manifest URLs are the API's rewritten-manifest route.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ApiContractCollection : ICollectionFixture<ApiContractApp>
{
    public const string Name = "api-contract";
}

public sealed class ApiContractApp : StreamingApp
{
    public const string TrustedProxy = "192.0.2.10";

    // ASP.NET Core's request-level logs are at Warning in the API's settings; brought back to Information here so that
    // a test can see that no request log line carries a signature (they would if the API let them through).
    protected override void Configure(IDistributedApplicationTestingBuilder builder) =>
        builder.CreateResourceBuilder<ProjectResource>(ResourceNames.Api)
            .DeliveringPresigned()
            .WithEnvironment("TRUSTED_PROXIES", TrustedProxy)
            .WithEnvironment("AllowedHosts", ApiTimingApp.AllowedHosts)
            .WithEnvironment("Logging__LogLevel__Microsoft.AspNetCore", "Information");
}

/// <summary>
/// Behaviour that depends on time and on the user service misbehaving. Caches live long enough that no test races
/// them (a test that needs an entry gone deletes its key, as its expiry would; the TTLs themselves are read from
/// Redis), and a short user service timeout makes outages show within seconds. Tests here reset the stub's faults themselves.
/// Signed links live seconds, and the test's own connections (which arrive through Aspire's loopback proxy) are
/// the trusted proxy, so that a test can act as a TLS-terminating proxy in front of the API. Presigned delivery: the
/// expiring links are the API's manifest route and presigned segment URLs.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ApiTimingCollection : ICollectionFixture<ApiTimingApp>
{
    public const string Name = "api-timing";
}

public sealed class ApiTimingApp : StreamingApp
{
    public const string PublicHost = "media.example.com";
    public const string AllowedHosts = "localhost;127.0.0.1;[::1];" + PublicHost;

    public static readonly TimeSpan SubscriptionCacheTtl = TimeSpan.FromSeconds(300);
    public static readonly TimeSpan UnknownUserCacheTtl = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan ProgressHotCopyTtl = TimeSpan.FromSeconds(60);
    public static readonly TimeSpan UserServiceTimeout = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan SignedUrlExpiration = TimeSpan.FromSeconds(6);
    public static readonly TimeSpan SignedUrlBucket = TimeSpan.FromSeconds(2);

    protected override void Configure(IDistributedApplicationTestingBuilder builder) =>
        builder.CreateResourceBuilder<ProjectResource>(ResourceNames.Api)
            .DeliveringPresigned()
            .WithEnvironment("REDIS_SUBSCRIPTION_CACHE_TTL", Seconds(SubscriptionCacheTtl))
            .WithEnvironment("REDIS_SUBSCRIPTION_UNKNOWN_USER_TTL", Seconds(UnknownUserCacheTtl))
            .WithEnvironment("REDIS_PROGRESS_TTL", Seconds(ProgressHotCopyTtl))
            .WithEnvironment("USER_SERVICE_TIMEOUT", Seconds(UserServiceTimeout))
            .WithEnvironment("SIGNED_URL_EXPIRATION", Seconds(SignedUrlExpiration))
            .WithEnvironment("SIGNED_URL_BUCKET", Seconds(SignedUrlBucket))
            .WithEnvironment("TRUSTED_PROXIES", "127.0.0.1,::1")
            .WithEnvironment("AllowedHosts", AllowedHosts);
}
