namespace Streaming.AppHost.Infrastructure;

/// <summary>
/// The model's parameters: secrets and credentials, read from <c>Parameters:&lt;name&gt;</c>. Development defaults live
/// in appsettings.Development.json; any other environment must set each one (docs/configuration.md).
/// </summary>
public static class ModelParameters
{
    public const string Section = "Parameters";

    public const string PostgresUserParameterName = "postgres-user";
    public const string PostgresPasswordParameterName = "postgres-password";
    public const string S3AccessKeyParameterName = "s3-access-key";
    public const string S3SecretKeyParameterName = "s3-secret-key";
    public const string JwtSecretParameterName = "jwt-secret";
    public const string JwtIssuerParameterName = "jwt-issuer";
    public const string JwtAudienceParameterName = "jwt-audience";
    public const string PlaybackSigningKeyParameterName = "playback-signing-key";
}
