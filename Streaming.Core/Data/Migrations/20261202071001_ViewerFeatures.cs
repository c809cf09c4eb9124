using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Streaming.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class ViewerFeatures : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "hidden_at",
                table: "watch_progress",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "last_seen_at",
                table: "stream_sessions",
                type: "timestamp with time zone",
                nullable: false,
                defaultValueSql: "now()");

            // Sessions recorded before: their start is the only sign of life known. The default only fills them.
            migrationBuilder.Sql("UPDATE stream_sessions SET last_seen_at = started_at");
            migrationBuilder.AlterColumn<DateTime>(
                name: "last_seen_at",
                table: "stream_sessions",
                type: "timestamp with time zone",
                nullable: false,
                oldClrType: typeof(DateTime),
                oldType: "timestamp with time zone",
                oldDefaultValueSql: "now()");

            migrationBuilder.CreateTable(
                name: "titles",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    duration_seconds = table.Column<int>(type: "integer", nullable: false),
                    learned_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_titles", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_watch_progress_recent",
                table: "watch_progress",
                columns: new[] { "user_id", "last_watched_at", "movie_id" });

            migrationBuilder.CreateIndex(
                name: "ix_stream_sessions_idle",
                table: "stream_sessions",
                column: "last_seen_at",
                filter: "ended_at IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "titles");

            migrationBuilder.DropIndex(
                name: "ix_watch_progress_recent",
                table: "watch_progress");

            migrationBuilder.DropIndex(
                name: "ix_stream_sessions_idle",
                table: "stream_sessions");

            migrationBuilder.DropColumn(
                name: "hidden_at",
                table: "watch_progress");

            migrationBuilder.DropColumn(
                name: "last_seen_at",
                table: "stream_sessions");
        }
    }
}
