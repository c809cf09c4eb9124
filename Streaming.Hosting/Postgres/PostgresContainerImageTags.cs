namespace Streaming.Hosting.Postgres;

/// <summary>
/// The PostgreSQL image: Aspire's own registry and image, pinned to the major version the local mode runs
/// (Debian 12's PostgreSQL 15).
/// </summary>
internal static class PostgresContainerImageTags
{
    public const string Registry = "docker.io";
    public const string Image = "library/postgres";
    public const string Tag = "15.10";
}
