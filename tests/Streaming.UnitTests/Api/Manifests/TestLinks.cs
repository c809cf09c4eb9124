using Streaming.Api.Manifests;

namespace Streaming.UnitTests.Api.Manifests;

/// <summary>Readable stand-ins for signed links: S3 objects as s3:key, manifests as api:relative.</summary>
internal sealed class TestLinks : IManifestLinks
{
    public string For(string manifestPath, string target) => MediaPath.IsManifest(target)
        ? "api:" + MediaPath.Relative(MediaPath.DirectoryOf(manifestPath), target)
        : "s3:" + target;
}
