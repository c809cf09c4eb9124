namespace Streaming.Core.Progress;

/// <summary>
/// The Lua scripts of the progress layout, embedded beside it (the benchmark runs the same files). Each touches
/// the keys of one shard only, so it runs on Redis Cluster.
/// </summary>
public static class ProgressScripts
{
    /// <summary>
    /// The API's write: limits, hot copy, buffer entry, due set (ProgressWrite.lua after the
    /// <see cref="FixedWindowCounter"/> it counts with). Call it with a <see cref="ProgressWriteCall"/>.
    /// </summary>
    public static readonly string Write = FixedWindowCounter.Functions + EmbeddedScript.Load("ProgressWrite.lua");

    /// <summary>The worker's flusher of one shard (ProgressFlush.lua).</summary>
    public static readonly string Flush = EmbeddedScript.Load("ProgressFlush.lua");

    /// <summary>The worker's removal of hot copies PostgreSQL refused as older (StaleHotCopyRepair.lua).</summary>
    public static readonly string Repair = EmbeddedScript.Load("StaleHotCopyRepair.lua");
}
