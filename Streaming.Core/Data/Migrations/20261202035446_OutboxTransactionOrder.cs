using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Streaming.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class OutboxTransactionOrder : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<ulong>(
                name: "xact_id",
                table: "event_outbox",
                type: "xid8",
                nullable: false,
                defaultValueSql: "pg_current_xact_id()");

            migrationBuilder.CreateIndex(
                name: "ix_event_outbox_key_order",
                table: "event_outbox",
                columns: new[] { "key", "xact_id", "sequence" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_event_outbox_key_order",
                table: "event_outbox");

            migrationBuilder.DropColumn(
                name: "xact_id",
                table: "event_outbox");
        }
    }
}
