using System.Net;
using Streaming.IntegrationTests.Infrastructure;

namespace Streaming.IntegrationTests.Api;

[Collection(ApiContractCollection.Name)]
public sealed class HealthTests(ApiContractApp app)
{
    [Fact]
    public async Task Health_answers_the_spec_shape_without_a_token()
    {
        using var http = app.CreateClient();

        using var response = await http.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await Json.ReadAsync(response);
        Assert.Equal(["status", "s3", "redis", "kafka", "postgres", "user_service"], Json.PropertyNames(body));
        Assert.Equal("healthy", body.GetProperty("status").GetString());
        Assert.Equal("ok", body.GetProperty("s3").GetString());
        Assert.Equal("ok", body.GetProperty("redis").GetString());
        Assert.Equal("enabled", body.GetProperty("kafka").GetString());
    }
}
