using Streaming.Hosting.Edge;

namespace Streaming.IntegrationTests.Edge;

/// <summary>Reading the edge's access log: what counts as a hit, a miss, an origin fetch and a refusal.</summary>
public sealed class EdgeAccessLogTests
{
    private const string Miss = """{"time":"t","method":"GET","path":"/play/-/m/a.ts","status":200,"cache":"MISS","bytes":5,"range":"","object":"movies/m/a.ts","origin_addr":"127.0.0.1:9000","origin_status":"200","origin_time":"0.010","auth_cache":"MISS","auth_status":"200","denied":"","request_time":0.011}""";
    private const string LockWaiter = """{"time":"t","method":"GET","path":"/play/-/m/a.ts","status":200,"cache":"HIT","bytes":5,"range":"","object":"movies/m/a.ts","origin_addr":"","origin_status":"","origin_time":"","auth_cache":"HIT","auth_status":"","denied":"","request_time":0.009}""";
    private const string Refused = """{"time":"t","method":"GET","path":"/play/-/m/a.ts","status":403,"cache":"NONE","bytes":120,"range":"","object":"movies/m/a.ts","origin_addr":"","origin_status":"","origin_time":"","auth_cache":"MISS","auth_status":"403","denied":"expired","request_time":0.001}""";
    private const string Health = """{"time":"t","method":"GET","path":"/nope","status":404,"cache":"NONE","bytes":90,"range":"","object":"","origin_addr":"","origin_status":"","origin_time":"","auth_cache":"","auth_status":"","denied":"","request_time":0.000}""";

    [Fact]
    public void Counts_requests_hits_misses_origin_fetches_and_refusals()
    {
        var entries = new[] { Miss, LockWaiter, LockWaiter, Refused, Health }.Select(EdgeAccessLog.Parse).OfType<EdgeLogEntry>().ToList();

        var traffic = EdgeTraffic.Of(entries);

        Assert.Equal(new EdgeTraffic(Requests: 5, Hits: 2, Misses: 1, OriginFetches: 1, Refused: 1), traffic);
        Assert.Equal(66.7, traffic.HitRatioPercent);
        Assert.Equal(1, EdgeTraffic.OriginFetchesOf(entries, "movies/m/a.ts"));
        Assert.Equal(0, EdgeTraffic.OriginFetchesOf(entries, "movies/m/b.ts"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("{\"time\":\"t\",\"method\":\"GET\",\"path\":\"/play")]
    [InlineData("{\"status\":200}")]
    public void A_partial_or_foreign_line_is_skipped(string line) => Assert.Null(EdgeAccessLog.Parse(line));

    [Fact]
    public void Nothing_counted_has_no_hit_ratio() => Assert.Null(EdgeTraffic.Of([]).HitRatioPercent);
}
