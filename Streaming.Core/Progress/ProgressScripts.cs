namespace Streaming.Core.Progress;

/// <summary>
/// The Lua scripts of the progress layout, embedded beside it (the benchmark runs the same files). Each touches
/// the keys of one shard only, so it runs on Redis Cluster.
/// </summary>
public static class ProgressScripts
{
    /// <summary>The API's write: limits, hot copy, buffer entry, due set (ProgressWrite.lua).</summary>
    public static readonly string Write = Load("ProgressWrite.lua");

    /// <summary>The worker's flusher of one shard (ProgressFlush.lua).</summary>
    public static readonly string Flush = Load("ProgressFlush.lua");

    /// <summary>The worker's removal of hot copies PostgreSQL refused as older (StaleHotCopyRepair.lua).</summary>
    public static readonly string Repair = Load("StaleHotCopyRepair.lua");

    private static string Load(string name)
    {
        using var stream = typeof(ProgressScripts).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"{name} is not embedded in Streaming.Core.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
