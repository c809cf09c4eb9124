using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Streaming.Api.Storage;

namespace Streaming.UnitTests.Api.Storage;

public sealed class S3UrlPresignerTests
{
    private static readonly S3Options Options = new(new Uri("http://10.0.0.5:9000"), new Uri("http://127.0.0.1:9000"),
        "vod:minioadmin", "minioadmin", "vod");

    [Theory]
    [InlineData("movies/5f1b7e9a-8c3d-4e2f-a6b1-0c9d8e7f6a01/360p/chunk_00001.ts", "http://127.0.0.1:9000")]
    [InlineData("movies/5f1b7e9a-8c3d-4e2f-a6b1-0c9d8e7f6a01/dash/chunk-2-00004.m4s", "http://localhost:9000")]
    [InlineData("movies/a b/ü+~(1).ts", "https://media.example.com")]
    public void Matches_the_AWS_SDK_byte_for_byte(string key, string endpoint)
    {
        var options = Options with { PublicEndpoint = new Uri(endpoint) };
        using var sdk = new AmazonS3Client(new BasicAWSCredentials(options.AccessKey, options.SecretKey), new AmazonS3Config
        {
            ServiceURL = endpoint, ForcePathStyle = true, AuthenticationRegion = S3Options.Region,
        });
        var expected = sdk.GetPreSignedURL(new GetPreSignedUrlRequest
        {
            BucketName = options.Bucket, Key = key, Verb = HttpVerb.GET,
            Expires = DateTime.UtcNow.AddSeconds(7200),
            Protocol = options.PublicEndpoint.Scheme == "https" ? Protocol.HTTPS : Protocol.HTTP,
        });
        // Same instant and lifetime as the SDK used (it reads the clock itself).
        var query = System.Web.HttpUtility.ParseQueryString(new Uri(expected).Query);
        var signedAt = DateTimeOffset.ParseExact(query["X-Amz-Date"]!, "yyyyMMdd'T'HHmmss'Z'", null, System.Globalization.DateTimeStyles.AssumeUniversal);
        var lifetime = TimeSpan.FromSeconds(int.Parse(query["X-Amz-Expires"]!));

        var actual = new S3UrlPresigner(options).Batch(signedAt, lifetime).Get(key);

        Assert.True(expected == actual, $"\nsdk:  {expected}\nours: {actual}");
    }

    [Fact]
    public void Reuses_the_signing_key_across_batches_of_the_same_day_and_changes_with_the_key()
    {
        var presigner = new S3UrlPresigner(Options);
        var at = new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);
        var first = presigner.Batch(at, TimeSpan.FromHours(2)).Get("movies/x/a.ts");
        var again = presigner.Batch(at, TimeSpan.FromHours(2)).Get("movies/x/a.ts");
        var other = presigner.Batch(at, TimeSpan.FromHours(2)).Get("movies/x/b.ts");
        Assert.Equal(first, again);
        Assert.NotEqual(first.Split("X-Amz-Signature=")[1], other.Split("X-Amz-Signature=")[1]);
        Assert.StartsWith("http://127.0.0.1:9000/vod/movies/x/a.ts?X-Amz-Expires=7200&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=vod%3Aminioadmin%2F20261125%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20261125T100000Z&X-Amz-SignedHeaders=host&X-Amz-Signature=", first);
    }
}
