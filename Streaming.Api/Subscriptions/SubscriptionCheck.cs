using System.Globalization;

namespace Streaming.Api.Subscriptions;

/// <summary>Whether a user may watch now, and how many streams at once (null: no limit).</summary>
public sealed record SubscriptionCheck(SubscriptionStatus Status, int? MaxStreams)
{
    public string ToCache() => Status == SubscriptionStatus.Active
        ? "1:" + MaxStreams?.ToString(CultureInfo.InvariantCulture)
        : "0";

    /// <summary>A cached value; a bare <c>1</c> (written before limits existed) is active without a known limit.</summary>
    public static SubscriptionCheck FromCache(string value)
    {
        if (!value.StartsWith('1'))
        {
            return new(SubscriptionStatus.Inactive, null);
        }
        var separator = value.IndexOf(':');
        return new(SubscriptionStatus.Active,
            separator > 0 && int.TryParse(value.AsSpan(separator + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var max) ? max : null);
    }
}
