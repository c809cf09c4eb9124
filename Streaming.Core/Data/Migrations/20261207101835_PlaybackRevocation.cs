using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Streaming.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class PlaybackRevocation : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "device_id",
                table: "stream_sessions",
                type: "character varying(128)",
                maxLength: 128,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "end_reason",
                table: "stream_sessions",
                type: "character varying(32)",
                maxLength: 32,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "device_id",
                table: "stream_sessions");

            migrationBuilder.DropColumn(
                name: "end_reason",
                table: "stream_sessions");
        }
    }
}
