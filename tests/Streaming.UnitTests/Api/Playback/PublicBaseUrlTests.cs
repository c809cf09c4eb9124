using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Streaming.Api.Playback;

namespace Streaming.UnitTests.Api.Playback;

public sealed class PublicBaseUrlTests
{
    [Theory]
    [InlineData("https://media.example.com", "https://media.example.com")]
    [InlineData("https://media.example.com/", "https://media.example.com")]
    [InlineData("https://cdn.example.com:8443/streaming/", "https://cdn.example.com:8443/streaming")]
    public void A_configured_base_wins_over_the_request(string configured, string expected)
    {
        var request = new DefaultHttpContext().Request;
        request.Scheme = "http";
        request.Host = new HostString("attacker.example");

        Assert.Equal(expected, From(configured).For(request));
    }

    [Fact]
    public void Without_one_the_request_scheme_host_and_path_base_are_used()
    {
        var request = new DefaultHttpContext().Request;
        request.Scheme = "https";
        request.Host = new HostString("media.example.com");
        request.PathBase = "/api-root";

        Assert.Equal("https://media.example.com/api-root", From(null).For(request));
    }

    [Theory]
    [InlineData("media.example.com")]
    [InlineData("ftp://media.example.com")]
    [InlineData("https://media.example.com/?x=1")]
    [InlineData("https://user:pass@media.example.com")]
    public void A_base_that_cannot_prefix_a_url_is_refused_at_startup(string configured)
    {
        var error = Assert.Throws<InvalidOperationException>(() => From(configured));
        Assert.Contains(PublicBaseUrl.Setting, error.Message);
    }

    private static PublicBaseUrl From(string? value) =>
        PublicBaseUrl.From(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [PublicBaseUrl.Setting] = value }).Build());
}
