using Streaming.Api.Abuse;
using Streaming.Api.Progress;
using Streaming.Api.Sessions;
using Streaming.Api.Subscriptions;
using Streaming.Api.Titles;

namespace Streaming.Api.Playback;

/// <summary>What the stream routes (start, stop) need, bound with [AsParameters]; their logs carry this category.</summary>
public sealed record StreamServices(
    SubscriptionChecker Subscriptions,
    StreamSessionStore Sessions,
    ProgressWriter Progress,
    ManifestUrlSigner Signature,
    PlaybackSigningOptions Signing,
    PublicBaseUrl PublicBaseUrl,
    TimeProvider Time,
    UserRateLimiter Limiter,
    TitleCatalog Titles,
    TitleDurations Durations,
    ILogger<StreamServices> Logger);
