using Streaming.Api.Abuse;
using Streaming.Api.Titles;

namespace Streaming.Api.Progress;

/// <summary>
/// What the progress routes (report, read) need, bound with [AsParameters]; their logs carry this category. The read
/// takes its <see cref="ProgressReader"/> on its own: the reader leases a database context, which a report (the
/// route called every 10 s by every player) never needs.
/// </summary>
public sealed record ProgressServices(
    ProgressWriter Writer,
    TitleCatalog Titles,
    TitleDurations Durations,
    UserRateLimiter Limiter,
    TimeProvider Time,
    ViewingThresholds Thresholds,
    ILogger<ProgressServices> Logger);
