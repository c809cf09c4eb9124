namespace Streaming.Core.Progress;

/// <summary>
/// One shard of the progress layout: every key of the users hashed to it carries the shard's hash tag, so each
/// script (the write, the flush, the stale-copy repair) touches one Redis Cluster slot.
/// <list type="bullet">
/// <item><c>progress:{tag}:&lt;user&gt;:&lt;movie&gt;</c>: hash, the hot copy (see <see cref="ProgressBuffer.HotFields"/>), with a TTL;
/// it also keeps the title's rate window.</item>
/// <item><c>progress:{tag}:buffer</c>: stream, the shard's accepted updates, drained by consumer groups (at least once).</item>
/// <item><c>progress:{tag}:buffer:marks</c>: sorted set, entry number → id, kept by the worker's trimmer to find where the bound falls.</item>
/// <item><c>progress:{tag}:due</c>: sorted set, <c>&lt;user&gt;:&lt;movie&gt;</c> → when its hot copy is due to be persisted (Unix ms).</item>
/// <item><c>progress:{tag}:session:&lt;user&gt;:&lt;movie&gt;</c>: string, the user's current stream session for the title.</item>
/// <item><c>progress:{tag}:session:&lt;user&gt;:&lt;movie&gt;:&lt;session&gt;</c>: marker, a session the user started for the title
/// (so a progress report may name it, and only its owner can).</item>
/// <item><c>progress:{tag}:user-rate:&lt;user&gt;:&lt;action&gt;</c>: the user's counter of progress, start or stop requests across all titles.</item>
/// </list>
/// </summary>
public sealed class ProgressShard(int index, string tag)
{
    public int Index { get; } = index;

    /// <summary>The Redis Cluster hash tag (without braces) all of this shard's keys share.</summary>
    public string Tag { get; } = tag;

    // Built once per shard: the progress write names them on every report.
    public string StreamKey { get; } = $"progress:{{{tag}}}:buffer";
    public string MarksKey { get; } = $"progress:{{{tag}}}:buffer:marks";
    public string DueKey { get; } = $"progress:{{{tag}}}:due";

    /// <summary>A hot copy's key is this prefix followed by its <see cref="TitleMember"/> (the flush script relies on it).</summary>
    public string HotKeyPrefix { get; } = $"progress:{{{tag}}}:";

    /// <summary>A user's title as a member of the due set: <c>&lt;user&gt;:&lt;movie&gt;</c>, 32 hex digits each.</summary>
    public static string TitleMember(Guid userId, Guid movieId) => $"{userId:N}:{movieId:N}";

    public string HotKey(Guid userId, Guid movieId) => HotKey(TitleMember(userId, movieId));

    /// <summary>The hot copy's key of a <see cref="TitleMember"/> already made (the progress write needs both).</summary>
    public string HotKey(string titleMember) => HotKeyPrefix + titleMember;
    public string SessionKey(Guid userId, Guid movieId) => $"progress:{{{Tag}}}:session:{userId:N}:{movieId:N}";
    public string StartedSessionKey(Guid userId, Guid movieId, Guid sessionId) => $"{SessionKey(userId, movieId)}:{sessionId:N}";
    public string UserRateKey(Guid userId, string action) => $"progress:{{{Tag}}}:user-rate:{userId:N}:{action}";

    public override string ToString() => $"shard {Index} {{{Tag}}}";
}
