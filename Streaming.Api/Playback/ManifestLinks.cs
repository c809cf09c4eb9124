using System.Globalization;
using System.Text;
using Streaming.Api.Storage;

namespace Streaming.Api.Playback;

/// <summary>What a rewritten manifest points to: other manifests through the API's signed route, everything else straight to S3.</summary>
public interface IManifestLinks
{
    /// <summary>The URL of <paramref name="target"/> as written in the manifest at <paramref name="manifestPath"/>.</summary>
    string For(string manifestPath, string target);

    /// <summary>Appends what <see cref="For"/> returns; implementations may write it without making the string.</summary>
    void Append(StringBuilder output, string manifestPath, string target) => output.Append(For(manifestPath, target));
}

/// <summary>
/// Links signed for one movie and one <see cref="SignatureWindow"/>. Links to manifests are relative (they resolve
/// against the API's own route whatever host or path base the player used), so the result can be cached and shared.
/// </summary>
public sealed class ManifestLinks(Guid movieId, SignatureWindow window, S3UrlPresigner.PresignBatch objects, ManifestUrlSigner manifests) : IManifestLinks
{
    private readonly string _keyPrefix = $"movies/{movieId:D}/";
    private readonly string _expires = window.ExpiresAtUnixSeconds.ToString(CultureInfo.InvariantCulture);

    public void Append(StringBuilder output, string manifestPath, string target)
    {
        if (MediaPath.IsManifest(target))
        {
            output.Append(For(manifestPath, target));
        }
        else
        {
            objects.Append(output, _keyPrefix, target);
        }
    }

    public string For(string manifestPath, string target)
    {
        if (!MediaPath.IsManifest(target))
        {
            return objects.Get(_keyPrefix + target);
        }
        var signature = manifests.Sign(movieId, target, window.ExpiresAtUnixSeconds);
        var relative = MediaPath.Relative(MediaPath.DirectoryOf(manifestPath), target);
        return $"{S3UrlPresigner.UriEncode(relative, keepSlash: true)}?exp={_expires}&sig={signature}";
    }
}
