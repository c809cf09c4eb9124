using Microsoft.Extensions.Configuration;

namespace Streaming.Core.Sessions;

/// <summary>
/// How long a stream session stays live without a sign of life (its start, or a progress report persisted by the
/// worker): <c>SESSION_IDLE_TIMEOUT</c> seconds, 300 by default. The API counts live sessions against the plan's
/// stream limit; the worker closes sessions idle for longer.
/// </summary>
public sealed record SessionLiveness(TimeSpan IdleTimeout)
{
    public const string SettingName = "SESSION_IDLE_TIMEOUT";
    public const int DefaultSeconds = 300;

    public static SessionLiveness From(IConfiguration configuration)
    {
        var seconds = configuration.GetValue(SettingName, DefaultSeconds);
        return seconds > 0
            ? new SessionLiveness(TimeSpan.FromSeconds(seconds))
            : throw new InvalidOperationException($"{SettingName} must be a positive number of seconds (was {seconds}).");
    }
}
