using System.Text;
using Microsoft.Extensions.Configuration;

namespace Streaming.ServiceDefaults.Security;

/// <summary>
/// What a secret must be outside Development: not one of the values published in this repository, at least
/// <see cref="MinimumBytes"/> bytes, and not a short alphabet repeated (<see cref="MinimumDistinctCharacters"/>).
/// </summary>
public static class SecretPolicy
{
    /// <summary>256 bits: the HS256 and HMAC-SHA256 key size.</summary>
    public const int MinimumBytes = 32;

    /// <summary>A hex or base64 string of random bytes has 16 or more; "aaaa..." or "abab..." has one or two.</summary>
    public const int MinimumDistinctCharacters = 10;

    /// <summary>
    /// Every secret this repository publishes as a development default (the AppHost's Development parameters,
    /// the user service stub's Development settings): anyone who has read the README knows them.
    /// </summary>
    public static readonly IReadOnlyList<string> DevelopmentSecrets =
    [
        "dev-only-jwt-secret-change-me-0123456789",
        "streaming_dev_password",
        "minioadmin",
        "vod:minioadmin",
    ];

    /// <summary>Why <paramref name="value"/> is not fit to be a production secret, or null when it is.</summary>
    public static string? Weakness(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "is not set";
        }
        if (DevelopmentSecrets.Contains(value, StringComparer.Ordinal))
        {
            return "is a published development default";
        }
        if (Encoding.UTF8.GetByteCount(value) < MinimumBytes)
        {
            return $"is shorter than {MinimumBytes} bytes";
        }
        if (value.Distinct().Count() < MinimumDistinctCharacters)
        {
            return $"has fewer than {MinimumDistinctCharacters} distinct characters";
        }
        return null;
    }

    /// <summary>Refuses to go on unless the setting holds a secret fit for production.</summary>
    public static string RequireStrong(IConfiguration configuration, string setting)
    {
        var value = configuration[setting];
        if (Weakness(value) is { } weakness)
        {
            throw new InvalidOperationException(
                $"{setting} {weakness}; outside Development it must be a secret of at least {MinimumBytes} random bytes " +
                "(e.g. `openssl rand -base64 48`) from a secret store. Refusing to start.");
        }
        return value!;
    }

    /// <summary>As <see cref="RequireStrong"/>, for a setting the service can do without.</summary>
    public static void RequireStrongWhenSet(IConfiguration configuration, string setting)
    {
        if (!string.IsNullOrEmpty(configuration[setting]))
        {
            RequireStrong(configuration, setting);
        }
    }
}
