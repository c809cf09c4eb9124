using System.Globalization;

namespace Streaming.Api.Subscriptions;

/// <summary>
/// Streams at once per plan, for a user service whose answer has no <c>max_streams</c>: <c>PLAN_MAX_STREAMS</c>,
/// <c>basic=1,standard=2,premium=4</c> by default. A plan not listed has no limit.
/// </summary>
public sealed class PlanStreamLimits(IReadOnlyDictionary<string, int> limits)
{
    public const string SettingName = "PLAN_MAX_STREAMS";
    public const string Default = "basic=1,standard=2,premium=4";

    public int? Of(string? plan) => plan is not null && limits.TryGetValue(plan, out var max) ? max : null;

    public static PlanStreamLimits From(IConfiguration configuration) => Parse(configuration[SettingName] ?? Default);

    public static PlanStreamLimits Parse(string setting)
    {
        var limits = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var pair in setting.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = pair.Split('=', StringSplitOptions.TrimEntries);
            if (parts.Length != 2 || parts[0].Length == 0 || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var max) || max <= 0)
            {
                throw new InvalidOperationException($"{SettingName} must look like \"{Default}\" (got \"{setting}\").");
            }
            limits[parts[0]] = max;
        }
        return new PlanStreamLimits(limits);
    }
}
