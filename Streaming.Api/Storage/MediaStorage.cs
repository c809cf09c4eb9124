using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Streaming.Api.Manifests;

namespace Streaming.Api.Storage;

/// <summary>The media bucket as the API sees it: reads and uploads on the internal endpoint, signed URLs for players.</summary>
public sealed class MediaStorage : IDisposable
{
    private readonly AmazonS3Client _internal;
    private readonly S3Options _options;

    public MediaStorage(S3Options options)
    {
        _options = options;
        _internal = new AmazonS3Client(new BasicAWSCredentials(options.AccessKey, options.SecretKey), Config(options.Endpoint, TimeSpan.FromSeconds(5)));
        Presigner = new S3UrlPresigner(options);
    }

    /// <summary>Signs GET URLs for the public endpoint, locally.</summary>
    public S3UrlPresigner Presigner { get; }

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

    /// <summary>A manifest, or null when there is none.</summary>
    /// <exception cref="UnusableManifestException">The object is over <see cref="ManifestLimits.MaxManifestBytes"/>; it is not read to the end.</exception>
    public async Task<string?> ReadTextAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await _internal.GetObjectAsync(new GetObjectRequest { BucketName = _options.Bucket, Key = key }, cancellationToken);
            if (response.ContentLength > ManifestLimits.MaxManifestBytes)
            {
                throw UnusableManifestException.TooLarge(key, response.ContentLength);
            }
            // The length header may be absent or wrong: the body is capped as it is read, too.
            using var body = new MemoryStream(response.ContentLength > 0 ? (int)response.ContentLength : 0);
            var buffer = new byte[16 * 1024];
            int read;
            while ((read = await response.ResponseStream.ReadAsync(buffer, cancellationToken)) > 0)
            {
                if (body.Length + read > ManifestLimits.MaxManifestBytes)
                {
                    throw UnusableManifestException.TooLarge(key, body.Length + read);
                }
                body.Write(buffer, 0, read);
            }
            body.Position = 0;
            using var reader = new StreamReader(body);
            return await reader.ReadToEndAsync(cancellationToken);
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        catch (Exception ex) when (ex is ArgumentOutOfRangeException { ParamName: "hex" } or (FormatException and not UnusableManifestException))
        {
            // The SDK takes an ETag without '-' for the body's MD5 and parses it as hex; a store answering any
            // other ETag is answering garbage, which is a storage failure, not a bug of this API.
            throw new AmazonClientException($"The object storage answered {key} with an ETag that is not an MD5 in hex.", ex);
        }
    }

    public async Task UploadFileAsync(string key, string path, string contentType, CancellationToken cancellationToken)
    {
        await _internal.PutObjectAsync(new PutObjectRequest
        {
            BucketName = _options.Bucket,
            Key = key,
            FilePath = path,
            ContentType = contentType,
            // aws-chunked uploads fail on Swift's s3api.
            UseChunkEncoding = false,
        }, cancellationToken);
    }

    public async Task<bool> BucketAnswersAsync(CancellationToken cancellationToken)
    {
        await _internal.HeadBucketAsync(new HeadBucketRequest { BucketName = _options.Bucket }, cancellationToken);
        return true;
    }

    public void Dispose() => _internal.Dispose();

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
