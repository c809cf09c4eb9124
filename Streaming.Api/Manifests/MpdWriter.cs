using System.Buffers;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace Streaming.Api.Manifests;

/// <summary>Saves the rewritten MPD as XDocument.Save would, with each placeholder written out as its signed SegmentURLs.</summary>
internal static class MpdWriter
{
    /// <summary>The SegmentURLs of one expanded template, attached to the placeholder element that stands for them.</summary>
    public sealed record SegmentUrls(DashLinks Links, string BaseUrl, DashSegmentPlan Plan);

    private static readonly XmlWriterSettings WriterSettings = new() { Indent = false };

    public static string Save(XDocument document, int inputLength)
    {
        var placeholders = document.Descendants().Where(e => e.Annotation<SegmentUrls>() is not null).ToList();
        var ancestors = placeholders.SelectMany(p => p.Ancestors()).ToHashSet();
        // Signed URLs are some 300 characters each.
        var output = new StringBuilder(inputLength + placeholders.Sum(p => p.Annotation<SegmentUrls>()!.Plan.Segments.Count) * 360);
        using (var text = new Utf8StringWriter(output))
        using (var writer = XmlWriter.Create(text, WriterSettings))
        {
            switch (document.Declaration?.Standalone)
            {
                case "yes":
                    writer.WriteStartDocument(true);
                    break;
                case "no":
                    writer.WriteStartDocument(false);
                    break;
                default:
                    writer.WriteStartDocument();
                    break;
            }
            foreach (var node in document.Nodes())
            {
                Write(writer, node, ancestors);
            }
            writer.WriteEndDocument();
        }
        return output.ToString();
    }

    private static void Write(XmlWriter writer, XNode node, HashSet<XElement> ancestors)
    {
        if (node is not XElement element)
        {
            node.WriteTo(writer);
        }
        else if (element.Annotation<SegmentUrls>() is { } urls)
        {
            WriteSegmentUrls(writer, element.Name, urls);
        }
        else if (!ancestors.Contains(element))
        {
            element.WriteTo(writer);
        }
        else
        {
            writer.WriteStartElement(element.GetPrefixOfNamespace(element.Name.Namespace), element.Name.LocalName, element.Name.NamespaceName);
            foreach (var attribute in element.Attributes())
            {
                WriteAttribute(writer, element, attribute);
            }
            foreach (var child in element.Nodes())
            {
                Write(writer, child, ancestors);
            }
            writer.WriteFullEndElement();
        }
    }

    private static void WriteAttribute(XmlWriter writer, XElement element, XAttribute attribute)
    {
        var name = attribute.Name;
        if (attribute.IsNamespaceDeclaration)
        {
            writer.WriteAttributeString(name.Namespace == XNamespace.None ? null : "xmlns", name.LocalName, XNamespace.Xmlns.NamespaceName, attribute.Value);
            return;
        }
        var prefix = name.Namespace == XNamespace.None ? null : element.GetPrefixOfNamespace(name.Namespace);
        writer.WriteAttributeString(prefix, name.LocalName, name.NamespaceName, attribute.Value);
    }

    private static void WriteSegmentUrls(XmlWriter writer, XName name, SegmentUrls urls)
    {
        var (links, baseUrl, plan) = urls;
        var link = new StringBuilder(512);
        var chars = ArrayPool<char>.Shared.Rent(1024);
        try
        {
            var number = plan.StartNumber;
            foreach (var (time, _) in plan.Segments)
            {
                link.Clear();
                links.Append(link, baseUrl, SegmentTemplateUrl.Expand(plan.Media, plan.Id, plan.Bandwidth, number++, time));
                if (link.Length > chars.Length)
                {
                    ArrayPool<char>.Shared.Return(chars);
                    chars = ArrayPool<char>.Shared.Rent(link.Length);
                }
                link.CopyTo(0, chars, link.Length);
                writer.WriteStartElement(name.LocalName, name.NamespaceName);
                writer.WriteStartAttribute("media");
                writer.WriteChars(chars, 0, link.Length);
                writer.WriteEndAttribute();
                writer.WriteEndElement();
            }
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    private sealed class Utf8StringWriter(StringBuilder output) : StringWriter(output)
    {
        public override Encoding Encoding => Encoding.UTF8;
    }
}
