using Streaming.ServiceDefaults.Security;

namespace Streaming.UnitTests.ServiceDefaults.Security;

public sealed class SecretPolicyTests
{
    [Theory]
    [InlineData(null, "is not set")]
    [InlineData("", "is not set")]
    [InlineData("dev-only-jwt-secret-change-me-0123456789", "published development default")]
    [InlineData("minioadmin", "published development default")]
    [InlineData("short-but-varied-0123456789", "shorter than 32 bytes")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "fewer than 10 distinct characters")]
    [InlineData("abcabcabcabcabcabcabcabcabcabcabcabcabcabc", "fewer than 10 distinct characters")]
    public void A_weak_secret_is_named_with_its_weakness(string? value, string weakness) =>
        Assert.Contains(weakness, SecretPolicy.Weakness(value));

    [Fact]
    public void Random_bytes_in_base64_or_hex_are_strong_enough()
    {
        Assert.Null(SecretPolicy.Weakness(Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32))));
        Assert.Null(SecretPolicy.Weakness(Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32))));
    }
}
