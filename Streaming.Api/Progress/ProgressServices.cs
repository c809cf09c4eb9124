using Streaming.Api.Abuse;
using Streaming.Api.Titles;

namespace Streaming.Api.Progress;

/// <summary>What the progress routes (report, read) need, bound with [AsParameters]; their logs carry this category.</summary>
public sealed record ProgressServices(
    ProgressWriter Writer,
    ProgressReader Reader,
    TitleCatalog Titles,
    TitleDurations Durations,
    UserRateLimiter Limiter,
    TimeProvider Time,
    ViewingThresholds Thresholds,
    ILogger<ProgressServices> Logger);
