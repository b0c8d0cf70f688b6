using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ExpO.StudyData.Schema
{
    /// <inheritdoc />
    public partial class EntryIdempotency : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "ClientEntryId",
                table: "Participants",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Participants_ClientEntryId",
                table: "Participants",
                column: "ClientEntryId",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Participants_ClientEntryId",
                table: "Participants");

            migrationBuilder.DropColumn(
                name: "ClientEntryId",
                table: "Participants");
        }
    }
}
