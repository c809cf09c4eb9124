using System.Globalization;
using System.Text;

namespace Streaming.Api.Manifests;

/// <summary>DASH SegmentTemplate identifiers: $RepresentationID$, $Number$, $Time$, $Bandwidth$ (with %0Nd widths) and $$.</summary>
public static class SegmentTemplateUrl
{
    public static string Expand(string template, string representationId, string bandwidth, long number, long time)
    {
        if (!template.Contains('$'))
        {
            return template;
        }
        var output = new StringBuilder(template.Length + 16);
        var i = 0;
        while (i < template.Length)
        {
            var open = template.IndexOf('$', i);
            if (open < 0)
            {
                output.Append(template, i, template.Length - i);
                break;
            }
            var close = template.IndexOf('$', open + 1);
            if (close < 0)
            {
                throw new UnusableManifestException($"Unbalanced '$' in SegmentTemplate '{UnusableManifestException.Shown(template)}'.");
            }
            output.Append(template, i, open - i);
            var identifier = template.AsSpan(open + 1, close - open - 1);
            var formatStart = identifier.IndexOf('%');
            var name = formatStart < 0 ? identifier : identifier[..formatStart];
            var width = formatStart < 0 ? 0 : Width(identifier[(formatStart + 1)..], template);
            switch (name)
            {
                case "":
                    output.Append('$');
                    break;
                case "RepresentationID":
                    output.Append(representationId);
                    break;
                case "Number":
                    output.Append(number.ToString(CultureInfo.InvariantCulture).PadLeft(width, '0'));
                    break;
                case "Time":
                    output.Append(time.ToString(CultureInfo.InvariantCulture).PadLeft(width, '0'));
                    break;
                case "Bandwidth":
                    output.Append(bandwidth.PadLeft(width, '0'));
                    break;
                default:
                    throw new UnusableManifestException($"Unknown identifier ${UnusableManifestException.Shown(name.ToString())}$ in SegmentTemplate '{UnusableManifestException.Shown(template)}'.");
            }
            i = close + 1;
        }
        return output.ToString();
    }

    /// <summary>The N of a <c>%0Nd</c> format tag, within <see cref="ManifestLimits.MaxIdentifierWidth"/>.</summary>
    private static int Width(ReadOnlySpan<char> format, string template)
    {
        var digits = format.TrimStart('0');
        if (digits.EndsWith("d"))
        {
            digits = digits[..^1];
        }
        if (digits.IsEmpty)
        {
            return 0;
        }
        if (!int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var width) || width > ManifestLimits.MaxIdentifierWidth)
        {
            throw new UnusableManifestException(
                $"The format tag %{UnusableManifestException.Shown(format.ToString())} in SegmentTemplate '{UnusableManifestException.Shown(template)}' is not %0Nd with N up to {ManifestLimits.MaxIdentifierWidth}.");
        }
        return width;
    }
}
