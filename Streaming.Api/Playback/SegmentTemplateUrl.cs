using System.Globalization;
using System.Text;

namespace Streaming.Api.Playback;

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
                throw new InvalidDataException($"Unbalanced '$' in SegmentTemplate '{template}'.");
            }
            output.Append(template, i, open - i);
            var identifier = template.AsSpan(open + 1, close - open - 1);
            var formatStart = identifier.IndexOf('%');
            var name = formatStart < 0 ? identifier : identifier[..formatStart];
            var width = formatStart < 0 ? 0 : int.Parse(identifier[(formatStart + 1)..].TrimStart('0').TrimEnd('d'), CultureInfo.InvariantCulture);
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
                    throw new InvalidDataException($"Unknown identifier ${name}$ in SegmentTemplate '{template}'.");
            }
            i = close + 1;
        }
        return output.ToString();
    }
}
