using System.Globalization;
using System.Xml;
using System.Xml.Linq;

namespace Streaming.Api.Manifests;

/// <summary>An MPD's numbers and durations, read with messages that say where they are wrong.</summary>
internal static class MpdAttributes
{
    public static string Where(XElement representation) => $"Representation {representation.Attribute("id")?.Value ?? "(no id)"}";

    public static void Refuse(bool refused, XElement element, string attribute, string where, string rule)
    {
        if (refused)
        {
            throw new UnusableManifestException(
                $"{where}: {element.Name.LocalName} {attribute}=\"{UnusableManifestException.Shown(element.Attribute(attribute)?.Value)}\" {rule}.");
        }
    }

    public static long? Long(XElement element, string attribute, string where)
    {
        if (element.Attribute(attribute)?.Value is not { } value)
        {
            return null;
        }
        return long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw new UnusableManifestException(
                $"{where}: {element.Name.LocalName} {attribute}=\"{UnusableManifestException.Shown(value)}\" is not a whole number within 64 bits.");
    }

    public static TimeSpan? Duration(XElement element, string attribute, string where)
    {
        if (element.Attribute(attribute)?.Value is not { } value)
        {
            return null;
        }
        TimeSpan duration;
        try
        {
            duration = XmlConvert.ToTimeSpan(value);
        }
        catch (Exception ex) when (ex is FormatException or OverflowException)
        {
            throw new UnusableManifestException($"{where} {attribute}=\"{UnusableManifestException.Shown(value)}\" is not an ISO 8601 duration.", ex);
        }
        if (duration < TimeSpan.Zero || duration > ManifestLimits.MaxPresentationDuration)
        {
            throw new UnusableManifestException(
                $"{where} {attribute}=\"{UnusableManifestException.Shown(value)}\" is outside 0 to {ManifestLimits.MaxPresentationDuration.TotalDays:N0} days.");
        }
        return duration;
    }
}
