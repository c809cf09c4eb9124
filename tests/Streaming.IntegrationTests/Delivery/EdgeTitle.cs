using Amazon.S3.Model;
using Streaming.Core.Storage;
using Streaming.IntegrationTests.Infrastructure;

namespace Streaming.IntegrationTests.Delivery;

/// <summary>
/// A small HLS title put straight into the bucket as ingest lays it out: a master playlist, one variant playlist and
/// its segments (random bytes: the edge and S3 never look inside). Paths are relative to <c>movies/{movie_id}/</c>.
/// </summary>
public sealed record EdgeTitle(Guid Movie, IReadOnlyDictionary<string, byte[]> Objects)
{
    public const string Master = "index.m3u8";
    public const string Variant = "v0/index.m3u8";

    public IEnumerable<string> Segments => Objects.Keys.Where(path => path.EndsWith(".ts", StringComparison.Ordinal)).Order(StringComparer.Ordinal);

    public string FirstSegment => Segments.First();

    public static string ObjectKey(Guid movie, string path) => $"movies/{movie}/{path}";

    public static async Task<EdgeTitle> UploadAsync(StreamingApp app, int segments = 4, int segmentBytes = 48 * 1024)
    {
        var movie = Guid.NewGuid();
        var objects = new Dictionary<string, byte[]>
        {
            [Master] = Text("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-STREAM-INF:BANDWIDTH=800000,RESOLUTION=640x360\nv0/index.m3u8\n"),
        };
        var variant = new System.Text.StringBuilder("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:4\n#EXT-X-MEDIA-SEQUENCE:0\n");
        for (var i = 1; i <= segments; i++)
        {
            var name = $"seg_{i:D5}.ts";
            variant.Append("#EXTINF:4.000,\n").Append(name).Append('\n');
            var bytes = new byte[segmentBytes];
            Random.Shared.NextBytes(bytes);
            objects[$"v0/{name}"] = bytes;
        }
        objects[Variant] = Text(variant.Append("#EXT-X-ENDLIST\n").ToString());

        using var s3 = S3Connection.Parse(await app.ConnectionStringAsync(ResourceNames.S3)).CreateClient();
        foreach (var (path, bytes) in objects)
        {
            await s3.PutObjectAsync(new PutObjectRequest
            {
                BucketName = Streaming.AppHost.Infrastructure.BackingServices.BucketName, Key = ObjectKey(movie, path), InputStream = new MemoryStream(bytes),
                ContentType = path.EndsWith(".m3u8", StringComparison.Ordinal) ? "application/vnd.apple.mpegurl" : "video/mp2t",
                UseChunkEncoding = false,
            });
        }
        return new(movie, objects);
    }

    private static byte[] Text(string value) => System.Text.Encoding.UTF8.GetBytes(value);
}
