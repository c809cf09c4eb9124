namespace Streaming.Api.Configuration;

internal static class SecondsSetting
{
    /// <summary>Reads a duration given in whole seconds, as the original spec's variables are.</summary>
    public static TimeSpan GetSeconds(this IConfiguration configuration, string key, int defaultSeconds)
    {
        var seconds = configuration.GetValue(key, defaultSeconds);
        if (seconds <= 0)
        {
            throw new InvalidOperationException($"{key} must be a positive number of seconds (was {seconds}).");
        }
        return TimeSpan.FromSeconds(seconds);
    }
}
