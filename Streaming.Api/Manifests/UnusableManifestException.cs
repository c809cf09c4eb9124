using System.Globalization;

namespace Streaming.Api.Manifests;

/// <summary>
/// A stored manifest that the API refuses to rewrite: over a <see cref="ManifestLimits"/> cap, or with numbers that
/// cannot describe a playable title. The message names the attribute or line and its value, for whoever packaged it.
/// The manifest route answers it as 502, like every manifest it cannot read (a <see cref="FormatException"/>, as
/// <see cref="InvalidDataException"/> is sealed); ingest refuses the folder.
/// </summary>
public sealed class UnusableManifestException(string message, Exception? inner = null) : FormatException(message, inner)
{
    private const int ShownLength = 40;

    public static UnusableManifestException TooLarge(string what, long size) => new(string.Create(CultureInfo.InvariantCulture,
        $"{what} is {size:N0} bytes or more; manifests over {ManifestLimits.MaxManifestBytes:N0} bytes are refused."));

    /// <summary>A value from the manifest as a message shows it: hostile values can be megabytes long.</summary>
    public static string Shown(string? value) => value is null ? "" : value.Length <= ShownLength ? value : value[..ShownLength] + "...";
}
