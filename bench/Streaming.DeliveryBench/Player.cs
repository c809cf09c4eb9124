using System.Diagnostics;

namespace Streaming.DeliveryBench;

/// <summary>One media request as the player made it: where it went, its answer (0 = none), how long it took.</summary>
public readonly record struct MediaRequest(Uri Url, int Status, double Milliseconds, string? CacheStatus);

/// <summary>
/// Plays an HLS title as a player without custom code does: the master from manifest_url, its first variant, then
/// every segment in order, each URL resolved against the playlist it came from (whatever host that points at).
/// </summary>
public sealed class Player(HttpClient http)
{
    public async Task<List<MediaRequest>> PlayAsync(Uri manifestUrl)
    {
        var requests = new List<MediaRequest>();
        var (master, masterText) = await GetTextAsync(manifestUrl, requests);
        if (masterText is null)
        {
            return requests;
        }
        var variantUrl = new Uri(master, UrisOf(masterText).First());
        var (variant, variantText) = await GetTextAsync(variantUrl, requests);
        foreach (var segment in UrisOf(variantText ?? ""))
        {
            requests.Add(await GetAsync(new Uri(variant, segment)));
        }
        return requests;
    }

    /// <summary>A GET whose body is read whole and thrown away.</summary>
    public async Task<MediaRequest> GetAsync(Uri url, string? range = null)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            if (range is not null)
            {
                request.Headers.Range = System.Net.Http.Headers.RangeHeaderValue.Parse(range);
            }
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            await response.Content.CopyToAsync(Stream.Null);
            return new MediaRequest(url, (int)response.StatusCode, clock.Elapsed.TotalMilliseconds, CacheStatusOf(response));
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return new MediaRequest(url, 0, clock.Elapsed.TotalMilliseconds, null);
        }
    }

    public static string? DeniedReason(HttpResponseMessage response) =>
        response.Headers.TryGetValues("X-Playback-Denied", out var values) ? string.Join(",", values) : null;

    private async Task<(Uri Url, string? Text)> GetTextAsync(Uri url, List<MediaRequest> requests)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            using var response = await http.GetAsync(url);
            var text = await response.Content.ReadAsStringAsync();
            requests.Add(new MediaRequest(url, (int)response.StatusCode, clock.Elapsed.TotalMilliseconds, CacheStatusOf(response)));
            return (url, response.IsSuccessStatusCode ? text : null);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            requests.Add(new MediaRequest(url, 0, clock.Elapsed.TotalMilliseconds, null));
            return (url, null);
        }
    }

    private static IEnumerable<string> UrisOf(string playlist) =>
        playlist.Split('\n').Select(line => line.Trim()).Where(line => line.Length > 0 && !line.StartsWith('#'));

    private static string? CacheStatusOf(HttpResponseMessage response) =>
        response.Headers.TryGetValues("X-Cache-Status", out var values) ? values.FirstOrDefault() : null;
}
