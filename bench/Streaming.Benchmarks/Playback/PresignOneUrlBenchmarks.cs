using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using BenchmarkDotNet.Attributes;
using Streaming.Api.Storage;

namespace Streaming.Benchmarks.Playback;

/// <summary>One presigned GET URL: AWSSDK.S3's GetPreSignedURL (baseline) against ours, same key, endpoint and lifetime.</summary>
[MemoryDiagnoser]
public class PresignOneUrlBenchmarks
{
    private const string Key = "movies/5f1b7e9a-8c3d-4e2f-a6b1-0c9d8e7f6a01/720p/chunk_00042.ts";
    private static readonly S3Options Options = new(new Uri("http://127.0.0.1:9000"), new Uri("http://127.0.0.1:9000"),
        "vod:minioadmin", "minioadmin", "vod");

    private AmazonS3Client _sdk = null!;
    private S3UrlPresigner.PresignBatch _batch = null!;
    private DateTime _expires;

    [GlobalSetup]
    public void Setup()
    {
        _sdk = new AmazonS3Client(new BasicAWSCredentials(Options.AccessKey, Options.SecretKey), new AmazonS3Config
        {
            ServiceURL = Options.PublicEndpoint.ToString(), ForcePathStyle = true, AuthenticationRegion = S3Options.Region,
        });
        _expires = DateTime.UtcNow.AddHours(2);
        _batch = new S3UrlPresigner(Options).Batch(DateTimeOffset.UtcNow, TimeSpan.FromHours(2));
    }

    [GlobalCleanup]
    public void Cleanup() => _sdk.Dispose();

    [Benchmark(Baseline = true, Description = "AWSSDK.S3 GetPreSignedURL")]
    public string AwsSdk() => _sdk.GetPreSignedURL(new GetPreSignedUrlRequest
    {
        BucketName = Options.Bucket, Key = Key, Verb = HttpVerb.GET, Expires = _expires, Protocol = Protocol.HTTP,
    });

    [Benchmark(Description = "S3UrlPresigner (signing key reused)")]
    public string Ours() => _batch.Get(Key);
}
