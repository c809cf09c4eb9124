using Streaming.ProgressWorker.Buffer;

namespace Streaming.ProgressWorker.Drain;

/// <summary>Collapses a batch of updates to what PostgreSQL must store: one row per user and title.</summary>
public static class NewestProgress
{
    /// <summary>
    /// The newest update (by event time) of each user and title, sorted by user then title so that concurrent
    /// batches lock rows in the same order and cannot deadlock. On equal event times the later entry wins, as it
    /// did in the hot copy. One statement must not hold a key twice (ON CONFLICT DO UPDATE refuses it).
    /// </summary>
    public static List<ProgressUpdate> PerTitle(IEnumerable<ProgressUpdate> updatesInStreamOrder)
    {
        var newest = new Dictionary<(Guid UserId, Guid MovieId), ProgressUpdate>();
        foreach (var update in updatesInStreamOrder)
        {
            var key = (update.UserId, update.MovieId);
            if (!newest.TryGetValue(key, out var kept) || update.EventTimeMs >= kept.EventTimeMs)
            {
                newest[key] = update;
            }
        }

        var rows = newest.Values.ToList();
        rows.Sort(static (a, b) =>
        {
            var byUser = a.UserId.CompareTo(b.UserId);
            return byUser != 0 ? byUser : a.MovieId.CompareTo(b.MovieId);
        });
        return rows;
    }
}
