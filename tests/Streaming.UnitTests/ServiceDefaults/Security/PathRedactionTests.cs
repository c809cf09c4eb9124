using Streaming.ServiceDefaults.Security;

namespace Streaming.UnitTests.ServiceDefaults.Security;

public sealed class PathRedactionTests
{
    [Theory]
    [InlineData("/api/v1/playback/cred.mac/5f1b7e9a-8c3d-4e2f-a6b1-0c9d8e7f6a01/index.m3u8", "/api/v1/playback/Redacted/5f1b7e9a-8c3d-4e2f-a6b1-0c9d8e7f6a01/index.m3u8")]
    [InlineData("http://h:1/play/cred.mac/m/v0/seg.ts?x=1", "http://h:1/play/Redacted/m/v0/seg.ts?x=1")]
    public void The_credential_segment_is_replaced(string input, string expected) =>
        Assert.Equal(expected, PathRedaction.Redact(input));

    [Theory]
    [InlineData("/api/v1/playback/authorize")]
    [InlineData("/api/v1/stream/m/progress")]
    [InlineData("")]
    public void Anything_else_is_left_as_it_is(string input) => Assert.Equal(input, PathRedaction.Redact(input));
}
