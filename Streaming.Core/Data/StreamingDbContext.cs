using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Streaming.Core.Data;

public sealed class StreamingDbContext(DbContextOptions<StreamingDbContext> options) : DbContext(options)
{
    public DbSet<WatchProgress> WatchProgress => Set<WatchProgress>();
    public DbSet<StreamSession> StreamSessions => Set<StreamSession>();
    public DbSet<OutboxMessage> Outbox => Set<OutboxMessage>();
    public DbSet<Title> Titles => Set<Title>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<WatchProgress>(progress =>
        {
            progress.ToTable("watch_progress");
            // No lower fillfactor: continue watching indexes last_watched_at, which every update changes, so no
            // update can be HOT and free space on the page would only make the table larger.
            progress.HasKey(p => p.Id);
            // The worker sends a UUIDv7 (time-ordered: inserts append to the primary key's last page); the default
            // only serves hand-written rows.
            progress.Property(p => p.Id).HasColumnName("id").HasDefaultValueSql("gen_random_uuid()");
            progress.Property(p => p.UserId).HasColumnName("user_id");
            progress.Property(p => p.MovieId).HasColumnName("movie_id");
            progress.Property(p => p.PositionSeconds).HasColumnName("position_seconds");
            progress.Property(p => p.LastWatchedAt).HasColumnName("last_watched_at");
            progress.Property(p => p.HiddenAt).HasColumnName("hidden_at");
            // Serves GET progress and is the conflict target of the worker's batch upsert.
            progress.HasIndex(p => new { p.UserId, p.MovieId }).IsUnique();
            // Continue watching: a user's rows, newest first, by keyset (scanned backwards).
            progress.HasIndex(p => new { p.UserId, p.LastWatchedAt, p.MovieId }).HasDatabaseName("ix_watch_progress_recent");
        });

        modelBuilder.Entity<StreamSession>(session =>
        {
            session.ToTable("stream_sessions");
            session.HasKey(s => s.Id);
            session.Property(s => s.Id).HasColumnName("id");
            session.Property(s => s.UserId).HasColumnName("user_id");
            session.Property(s => s.MovieId).HasColumnName("movie_id");
            session.Property(s => s.StartedAt).HasColumnName("started_at");
            session.Property(s => s.EndedAt).HasColumnName("ended_at");
            session.Property(s => s.DurationSeconds).HasColumnName("duration_seconds");
            session.Property(s => s.UserAgent).HasColumnName("user_agent").HasMaxLength(512);
            session.Property(s => s.IpAddress).HasColumnName("ip_address").HasMaxLength(64);
            session.Property(s => s.LastSeenAt).HasColumnName("last_seen_at");
            session.Property(s => s.DeviceId).HasColumnName("device_id").HasMaxLength(128);
            session.Property(s => s.EndReason).HasColumnName("end_reason").HasMaxLength(32);
            // Stop looks up the user's open session for a title; analytics reads a user's history by time.
            session.HasIndex(s => new { s.UserId, s.MovieId, s.StartedAt })
                .HasDatabaseName("ix_stream_sessions_open")
                .HasFilter("ended_at IS NULL");
            session.HasIndex(s => new { s.UserId, s.StartedAt });
            // The idle reaper looks for open sessions whose last sign of life is oldest.
            session.HasIndex(s => s.LastSeenAt)
                .HasDatabaseName("ix_stream_sessions_idle")
                .HasFilter("ended_at IS NULL");
        });

        modelBuilder.Entity<Title>(title =>
        {
            title.ToTable("titles");
            title.HasKey(t => t.Id);
            title.Property(t => t.Id).HasColumnName("id").ValueGeneratedNever();
            title.Property(t => t.DurationSeconds).HasColumnName("duration_seconds");
            title.Property(t => t.LearnedAt).HasColumnName("learned_at");
        });

        modelBuilder.Entity<OutboxMessage>(outbox =>
        {
            outbox.ToTable("event_outbox");
            outbox.HasKey(o => o.Sequence);
            outbox.Property(o => o.Sequence).HasColumnName("sequence").UseIdentityAlwaysColumn();
            outbox.Property(o => o.EventId).HasColumnName("event_id");
            outbox.Property(o => o.Topic).HasColumnName("topic").HasMaxLength(128);
            outbox.Property(o => o.Key).HasColumnName("key").HasMaxLength(128);
            // text, not jsonb: consumers receive the payload byte for byte, field order included.
            outbox.Property(o => o.Payload).HasColumnName("payload");
            outbox.Property(o => o.CreatedAt).HasColumnName("created_at");
            outbox.Property(o => o.TraceParent).HasColumnName("trace_parent").HasMaxLength(64);
            // The transaction that wrote the row, whatever the writer: PostgreSQL fills it in, the application never sends it.
            var transactionId = outbox.Property(o => o.TransactionId).HasColumnName("xact_id").HasColumnType("xid8")
                .HasDefaultValueSql("pg_current_xact_id()").ValueGeneratedOnAdd();
            transactionId.Metadata.SetBeforeSaveBehavior(PropertySaveBehavior.Ignore);
            transactionId.Metadata.SetAfterSaveBehavior(PropertySaveBehavior.Ignore);
            // The relay's rule "a user's next event waits for the older ones" looks up older rows of the same key.
            outbox.HasIndex(o => new { o.Key, o.TransactionId, o.Sequence }).HasDatabaseName("ix_event_outbox_key_order");
        });
    }
}
