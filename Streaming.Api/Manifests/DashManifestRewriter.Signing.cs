using System.Text;
using System.Xml.Linq;

namespace Streaming.Api.Manifests;

// Folding BaseURLs into the signed URLs of the title's objects.
public static partial class DashManifestRewriter
{
    private static string Base(Context context, string directory, XElement element) =>
        element.Element(context.Ns + "BaseURL")?.Value.Trim() is { Length: > 0 } baseUrl
            ? MediaPath.Resolve(MediaPath.DirectoryOf(directory), baseUrl) ?? throw new UnusableManifestException($"BaseURL '{baseUrl}' is outside the title's folder.")
            : directory;

    private static string Link(Context context, string directory, string reference) =>
        MediaPath.Resolve(MediaPath.DirectoryOf(directory), reference) is { } target ? context.Links.For(context.ManifestPath, target) : reference;

    private static void AppendLink(StringBuilder output, Context context, string directory, string reference)
    {
        if (MediaPath.Resolve(MediaPath.DirectoryOf(directory), reference) is { } target)
        {
            context.Links.Append(output, context.ManifestPath, target);
        }
        else
        {
            output.Append(reference);
        }
    }
}
