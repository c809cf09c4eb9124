using System.Text;
using Streaming.ServiceDefaults.Security;

namespace Streaming.UserServiceStub.DevTools;

/// <summary>
/// The JWT settings shared with the API, read from the same environment variables. The API and the AppHost name them
/// in Streaming.Core's SharedSettings, which the stub does not reference (it would carry EF Core, Redis and Kafka).
/// </summary>
public sealed class DevTokenOptions
{
    public const string SecretKeySetting = "JWT_SECRET_KEY";
    public const string IssuerSetting = "JWT_ISSUER";
    public const string AudienceSetting = "JWT_AUDIENCE";

    // HS256 with a shorter key is brute-forceable, and the API refuses such a secret too.
    public const int MinimumSecretBytes = SecretPolicy.MinimumBytes;

    [ConfigurationKeyName(SecretKeySetting)]
    public string SecretKey { get; set; } = "";

    [ConfigurationKeyName(IssuerSetting)]
    public string? Issuer { get; set; }

    [ConfigurationKeyName(AudienceSetting)]
    public string? Audience { get; set; }

    public bool HasStrongEnoughSecret() => Encoding.UTF8.GetByteCount(SecretKey) >= MinimumSecretBytes;
}
