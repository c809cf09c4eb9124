using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Streaming.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class ProgressRowCost : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterTable(
                name: "watch_progress")
                .Annotation("Npgsql:StorageParameter:fillfactor", 50);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterTable(
                name: "watch_progress")
                .OldAnnotation("Npgsql:StorageParameter:fillfactor", 50);
        }
    }
}
