using Streaming.ServiceDefaults.Security;

namespace Streaming.UnitTests.ServiceDefaults.Security;

public sealed class QueryRedactionTests
{
    [Theory]
    [InlineData("?exp=1800000000&sig=abc", "?exp=1800000000&sig=Redacted")]
    [InlineData("exp=1800000000&sig=abc", "exp=1800000000&sig=Redacted")]
    [InlineData("http://h/api/v1/playback/m/index.m3u8?exp=1&sig=abc#t=1", "http://h/api/v1/playback/m/index.m3u8?exp=1&sig=Redacted#t=1")]
    [InlineData("http://s3/vod/a.ts?X-Amz-Credential=k%2F1&X-Amz-Date=1&X-Amz-Signature=f00", "http://s3/vod/a.ts?X-Amz-Credential=Redacted&X-Amz-Date=1&X-Amz-Signature=Redacted")]
    [InlineData("?SIG=abc", "?SIG=Redacted")]
    public void The_value_of_each_capability_parameter_is_replaced(string input, string expected) =>
        Assert.Equal(expected, QueryRedaction.Redact(input));

    [Theory]
    [InlineData("?exp=1&signature_version=2")]
    [InlineData("http://h/path")]
    [InlineData("")]
    public void Anything_else_is_left_as_it_is(string input) => Assert.Equal(input, QueryRedaction.Redact(input));
}
