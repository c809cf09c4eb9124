using System.Text;
using System.Xml.Linq;

namespace Streaming.Api.Manifests;

/// <summary>Folds an MPD's BaseURLs into the signed URLs of the title's objects (those under its folder).</summary>
internal sealed class DashLinks(XNamespace ns, string manifestPath, IManifestLinks links)
{
    /// <summary>The folder a BaseURL child of <paramref name="element"/> makes its descendants relative to.</summary>
    public string Base(string directory, XElement element) =>
        element.Element(ns + "BaseURL")?.Value.Trim() is { Length: > 0 } baseUrl
            ? MediaPath.Resolve(MediaPath.DirectoryOf(directory), baseUrl) ?? throw new UnusableManifestException($"BaseURL '{baseUrl}' is outside the title's folder.")
            : directory;

    /// <summary>The signed URL of a title's object; anything outside the title's folder stays as written.</summary>
    public string Link(string directory, string reference) =>
        MediaPath.Resolve(MediaPath.DirectoryOf(directory), reference) is { } target ? links.For(manifestPath, target) : reference;

    /// <summary>Appends what <see cref="Link"/> returns without making the string.</summary>
    public void Append(StringBuilder output, string directory, string reference)
    {
        if (MediaPath.Resolve(MediaPath.DirectoryOf(directory), reference) is { } target)
        {
            links.Append(output, manifestPath, target);
        }
        else
        {
            output.Append(reference);
        }
    }

    /// <summary>The signed URL of a single-file Representation's own BaseURL (already resolved).</summary>
    public string Object(string target) => links.For(manifestPath, target);
}
