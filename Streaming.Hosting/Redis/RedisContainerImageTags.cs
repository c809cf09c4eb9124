namespace Streaming.Hosting.Redis;

/// <summary>The Redis image, the one Aspire's own Redis integration takes, for single servers and cluster nodes alike.</summary>
internal static class RedisContainerImageTags
{
    public const string Registry = "docker.io";
    public const string Image = "library/redis";
    public const string Tag = "7.4.2";
}
