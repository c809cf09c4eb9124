using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace Streaming.Api.Storage;

/// <summary>The media bucket as the API sees it: existence checks on the internal endpoint, signed URLs for players.</summary>
public sealed class MediaStorage : IDisposable
{
    private readonly AmazonS3Client _internal;
    private readonly AmazonS3Client _public;
    private readonly S3Options _options;
    private readonly TimeProvider _time;

    public MediaStorage(S3Options options, TimeProvider time)
    {
        _options = options;
        _time = time;
        var credentials = new BasicAWSCredentials(options.AccessKey, options.SecretKey);
        _internal = new AmazonS3Client(credentials, Config(options.Endpoint, TimeSpan.FromSeconds(5)));
        // Presigning is local computation; this client never sends a request.
        _public = new AmazonS3Client(credentials, Config(options.PublicEndpoint, TimeSpan.FromSeconds(5)));
    }

    public S3Options Options => _options;

    public async Task<bool> ExistsAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            await _internal.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = _options.Bucket, Key = key }, cancellationToken);
            return true;
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    public async Task<bool> BucketAnswersAsync(CancellationToken cancellationToken)
    {
        await _internal.HeadBucketAsync(new HeadBucketRequest { BucketName = _options.Bucket }, cancellationToken);
        return true;
    }

    public string PresignGet(string key, TimeSpan lifetime) => _public.GetPreSignedURL(new GetPreSignedUrlRequest
    {
        BucketName = _options.Bucket,
        Key = key,
        Verb = HttpVerb.GET,
        Expires = _time.GetUtcNow().UtcDateTime.Add(lifetime),
        Protocol = _options.PublicEndpoint.Scheme == Uri.UriSchemeHttps ? Protocol.HTTPS : Protocol.HTTP,
    });

    public void Dispose()
    {
        _internal.Dispose();
        _public.Dispose();
    }

    private static AmazonS3Config Config(Uri endpoint, TimeSpan timeout) => new()
    {
        ServiceURL = endpoint.ToString(),
        ForcePathStyle = true,
        AuthenticationRegion = S3Options.Region,
        Timeout = timeout,
        MaxErrorRetry = 1,
        UseHttp = endpoint.Scheme == Uri.UriSchemeHttp,
    };
}
