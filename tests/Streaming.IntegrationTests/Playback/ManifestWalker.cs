namespace Streaming.IntegrationTests.Playback;

/// <summary>Follows manifest_url like a player: master playlist → first variant → its segment URLs.</summary>
internal static class ManifestWalker
{
    public static async Task<(string VariantUrl, string[] SegmentUrls)> FirstVariantAsync(HttpClient http, string manifestUrl)
    {
        var master = await http.GetStringAsync(manifestUrl);
        var variantUrl = new Uri(new Uri(manifestUrl), UriLines(master).First()).ToString();
        var variant = await http.GetStringAsync(variantUrl);
        return (variantUrl, UriLines(variant).ToArray());
    }

    private static IEnumerable<string> UriLines(string playlist) =>
        playlist.Split('\n').Select(line => line.Trim()).Where(line => line.Length > 0 && !line.StartsWith('#'));
}
