using StackExchange.Redis;

namespace Streaming.Core.Progress;

/// <summary>
/// One call of <see cref="ProgressScripts.Write"/>: each member is one of the script's KEYS or ARGV, named as the
/// script names it, and <see cref="Keys"/> and <see cref="Arguments"/> put them in the script's order. Every key is
/// one of the user's shard (<see cref="ProgressShard"/>), so the call runs on Redis Cluster.
/// </summary>
public readonly record struct ProgressWriteCall
{
    public required RedisKey HotCopy { get; init; }
    public required RedisKey Buffer { get; init; }
    public required RedisKey CurrentSession { get; init; }
    public required RedisKey UserRate { get; init; }
    public required RedisKey Due { get; init; }

    /// <summary>The started-session marker of the session the player named, or <see cref="CurrentSession"/> when none.</summary>
    public required RedisKey NamedSessionMarker { get; init; }

    public required int Position { get; init; }
    public required long EventTimeMs { get; init; }
    public required long HotTtlSeconds { get; init; }

    /// <summary>0: the title's limit is not applied (its window, kept in the hot copy, counts nothing).</summary>
    public required int TitleRateLimit { get; init; }
    public required long TitleRateWindowMs { get; init; }
    public required string EventId { get; init; }
    public required string User { get; init; }
    public required string Movie { get; init; }

    /// <summary>0: the user's limit is not applied (or was already counted for this request).</summary>
    public required int UserRateLimit { get; init; }
    public required long UserRateWindowMs { get; init; }
    public required long PersistIntervalMs { get; init; }

    /// <summary>A stop's final position: marked for PostgreSQL whatever the persist interval.</summary>
    public required bool PersistNow { get; init; }

    /// <summary>The title's member of the due set (<see cref="ProgressShard.TitleMember"/>).</summary>
    public required string TitleMember { get; init; }

    /// <summary>The session the player named, or empty.</summary>
    public required string NamedSession { get; init; }

    public RedisKey[] Keys() => [HotCopy, Buffer, CurrentSession, UserRate, Due, NamedSessionMarker];

    public RedisValue[] Arguments() =>
    [
        Position, EventTimeMs, HotTtlSeconds, TitleRateLimit, TitleRateWindowMs, EventId, User, Movie,
        UserRateLimit, UserRateWindowMs, PersistIntervalMs, PersistNow ? "1" : "0", TitleMember, NamedSession,
    ];
}
