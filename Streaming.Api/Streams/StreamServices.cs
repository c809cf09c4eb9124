using Streaming.Api.Playback;
using Streaming.Api.Playback.Credentials;
using Streaming.Api.Playback.Delivery;
using Streaming.Api.Progress;
using Streaming.Api.Sessions;
using Streaming.Api.Subscriptions;
using Streaming.Api.Titles;
using Streaming.Core.Sessions;

namespace Streaming.Api.Streams;

/// <summary>What the stream routes (start, stop) need, bound with [AsParameters]; their logs carry this category.</summary>
public sealed record StreamServices(
    SubscriptionChecker Subscriptions,
    StreamSessionStore Sessions,
    ProgressWriter Progress,
    PlaybackCredentialSigner Credentials,
    PlaybackSigningOptions Signing,
    PlaybackDelivery Delivery,
    SessionRevocation Revocation,
    PublicBaseUrl PublicBaseUrl,
    TimeProvider Time,
    TitleCatalog Titles,
    TitleDurations Durations,
    ILogger<StreamServices> Logger);
