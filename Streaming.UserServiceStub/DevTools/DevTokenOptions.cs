using System.Text;
using Streaming.ServiceDefaults.Security;

namespace Streaming.UserServiceStub.DevTools;

/// <summary>The JWT settings shared with the API, read from the same environment variables.</summary>
public sealed class DevTokenOptions
{
    public const string SecretKeySetting = "JWT_SECRET_KEY";

    // HS256 with a shorter key is brute-forceable, and the API refuses such a secret too.
    public const int MinimumSecretBytes = SecretPolicy.MinimumBytes;

    [ConfigurationKeyName(SecretKeySetting)]
    public string SecretKey { get; set; } = "";

    [ConfigurationKeyName("JWT_ISSUER")]
    public string? Issuer { get; set; }

    [ConfigurationKeyName("JWT_AUDIENCE")]
    public string? Audience { get; set; }

    public bool HasStrongEnoughSecret() => Encoding.UTF8.GetByteCount(SecretKey) >= MinimumSecretBytes;
}
