namespace Streaming.Api.OpenApi;

/// <summary>The tags of the OpenAPI document, each with the description readers see next to it.</summary>
public static class ApiTags
{
    public const string Streaming = "Streaming";
    public const string Viewer = "Viewer";
    public const string Health = "Health";

    public static readonly IReadOnlyDictionary<string, string> Descriptions = new Dictionary<string, string>
    {
        [Streaming] = "Start a stream, report and resume watch progress, stop; and the signed manifests a stream's manifest_url leads to.",
        [Viewer] = "What the caller was watching: the continue-watching row and removing a title from it.",
        [Health] = "Readiness of the API and of each dependency, for load balancers and orchestrators.",
    };
}
