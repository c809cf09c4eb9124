using System.Text;
using Streaming.Api.Manifests;
using Streaming.Api.Storage;

namespace Streaming.Api.Playback;

/// <summary>
/// Links of one movie, objects presigned by one batch (one <see cref="SignatureWindow"/>). Links to manifests stay
/// relative and unsigned: they resolve under the manifest URL's own prefix, <c>/api/v1/playback/{credential}/{movie_id}/</c>,
/// so they carry the viewer's credential, and the result is the same for every session of the window (cached, shared).
/// </summary>
public sealed class ManifestLinks(Guid movieId, S3UrlPresigner.PresignBatch objects) : IManifestLinks
{
    private readonly string _keyPrefix = $"movies/{movieId:D}/";

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
        var relative = MediaPath.Relative(MediaPath.DirectoryOf(manifestPath), target);
        return S3UrlPresigner.UriEncode(relative, keepSlash: true);
    }
}
