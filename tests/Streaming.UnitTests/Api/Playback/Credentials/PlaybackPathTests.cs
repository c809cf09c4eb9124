using Streaming.Api.Playback.Credentials;

namespace Streaming.UnitTests.Api.Playback.Credentials;

public sealed class PlaybackPathTests
{
    private const string Movie = "5f1b7e9a-8c3d-4e2f-a6b1-0c9d8e7f6a01";

    [Theory]
    [InlineData("/play/abc.DEF_-1/" + Movie + "/index.m3u8", "abc.DEF_-1", "index.m3u8")]
    [InlineData("/play/c/" + Movie + "/v0/seg_00001.ts", "c", "v0/seg_00001.ts")]
    [InlineData("/play/c/" + Movie + "/init-0.m4s", "c", "init-0.m4s")]
    public void Well_formed_edge_uris_parse(string uri, string credential, string path)
    {
        Assert.True(PlaybackPath.TryParseEdgeUri(uri, out var parsed));
        Assert.Equal(credential, parsed.Value.Credential);
        Assert.Equal(Guid.Parse(Movie), parsed.Value.MovieId);
        Assert.Equal(path, parsed.Value.Path);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("/play/")]
    [InlineData("/play/c/" + Movie)]
    [InlineData("/play/c/" + Movie + "/")]
    [InlineData("/play/c/" + Movie + "/../index.m3u8")]
    [InlineData("/play/c/" + Movie + "/v0/../../x")]
    [InlineData("/play/c/" + Movie + "/./index.m3u8")]
    [InlineData("/play/c/" + Movie + "/v0//seg.ts")]
    [InlineData("/play/c/" + Movie + "/index.m3u8?x=1")]
    [InlineData("/play/c/" + Movie + "/a%2Fb")]
    [InlineData("/play/c/5F1B7E9A-8C3D-4E2F-A6B1-0C9D8E7F6A01/index.m3u8")]
    [InlineData("/play/c/5f1b7e9a8c3d4e2fa6b10c9d8e7f6a01/index.m3u8")]
    [InlineData("/play//" + Movie + "/index.m3u8")]
    [InlineData("/play/c d/" + Movie + "/index.m3u8")]
    [InlineData("/other/c/" + Movie + "/index.m3u8")]
    [InlineData("play/c/" + Movie + "/index.m3u8")]
    public void Anything_else_is_refused(string? uri)
    {
        Assert.False(PlaybackPath.TryParseEdgeUri(uri, out _));
    }

    [Fact]
    public void A_credential_over_256_characters_is_refused()
    {
        Assert.True(PlaybackPath.TryParseEdgeUri($"/play/{new string('a', 256)}/{Movie}/index.m3u8", out _));
        Assert.False(PlaybackPath.TryParseEdgeUri($"/play/{new string('a', 257)}/{Movie}/index.m3u8", out _));
    }
}
