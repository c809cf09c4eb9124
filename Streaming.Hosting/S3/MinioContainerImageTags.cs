namespace Streaming.Hosting.S3;

/// <summary>The MinIO image. MinIO's images left Docker Hub; quay.io still serves them.</summary>
internal static class MinioContainerImageTags
{
    public const string Registry = "quay.io";
    public const string Image = "minio/minio";
    public const string Tag = "RELEASE.2025-09-07T16-13-09Z";
}
