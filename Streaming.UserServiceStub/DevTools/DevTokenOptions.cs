using System.Text;

namespace Streaming.UserServiceStub.DevTools;

/// <summary>The JWT settings shared with the API, read from the same environment variables.</summary>
public sealed class DevTokenOptions
{
    // HS256 with a shorter key is brute-forceable, and the API refuses such a secret too.
    public const int MinimumSecretBytes = 32;

    [ConfigurationKeyName("JWT_SECRET_KEY")]
    public string SecretKey { get; set; } = "";

    [ConfigurationKeyName("JWT_ISSUER")]
    public string? Issuer { get; set; }

    [ConfigurationKeyName("JWT_AUDIENCE")]
    public string? Audience { get; set; }

    public bool HasStrongEnoughSecret() => Encoding.UTF8.GetByteCount(SecretKey) >= MinimumSecretBytes;
}
