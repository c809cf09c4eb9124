namespace Streaming.Core.Configuration;

/// <summary>
/// Configuration keys named by more than one project: set by the AppHost and read by the API, or read by the API and
/// by code in this library that the worker runs. One constant here serves each of them (docs/configuration.md).
/// The user-service stub names its JWT keys itself: it does not reference this library.
/// </summary>
public static class SharedSettings
{
    public const string JwtSecretSetting = "JWT_SECRET_KEY";
    public const string JwtIssuerSetting = "JWT_ISSUER";
    public const string JwtAudienceSetting = "JWT_AUDIENCE";
    public const string PlaybackSigningKeySetting = "PLAYBACK_SIGNING_KEY";
    public const string PlaybackDeliverySetting = "PLAYBACK_DELIVERY";
    public const string EdgePublicUrlSetting = "EDGE_PUBLIC_URL";
    public const string PlaybackSampleCacheSetting = "PLAYBACK_SAMPLE_CACHE";
    public const string S3BucketNameSetting = "S3_BUCKET_NAME";
    public const string SignedUrlExpirationSetting = "SIGNED_URL_EXPIRATION";
    public const string SignedUrlBucketSetting = "SIGNED_URL_BUCKET";
    public const string RedisProgressTtlSetting = "REDIS_PROGRESS_TTL";
}
