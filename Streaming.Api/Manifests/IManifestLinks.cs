using System.Text;

namespace Streaming.Api.Manifests;

/// <summary>What a rewritten manifest points to: other manifests relatively (under the same credential), everything else straight to S3.</summary>
public interface IManifestLinks
{
    /// <summary>The URL of <paramref name="target"/> as written in the manifest at <paramref name="manifestPath"/>.</summary>
    string For(string manifestPath, string target);

    /// <summary>Appends what <see cref="For"/> returns; implementations may write it without making the string.</summary>
    void Append(StringBuilder output, string manifestPath, string target) => output.Append(For(manifestPath, target));
}
