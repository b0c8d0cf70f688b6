using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ExpO.StudyData.Schema
{
    /// <summary>The device a participant entered on; rows from before it are Unknown (a readable enum value, not "").</summary>
    public partial class EntryDevice : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Device",
                table: "Participants",
                type: "TEXT",
                maxLength: 20,
                nullable: false,
                defaultValue: "Unknown");

            migrationBuilder.AddColumn<string>(
                name: "Input",
                table: "Participants",
                type: "TEXT",
                maxLength: 20,
                nullable: false,
                defaultValue: "Unknown");

            migrationBuilder.AddColumn<int>(
                name: "ViewportHeight",
                table: "Participants",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "ViewportWidth",
                table: "Participants",
                type: "INTEGER",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Device",
                table: "Participants");

            migrationBuilder.DropColumn(
                name: "Input",
                table: "Participants");

            migrationBuilder.DropColumn(
                name: "ViewportHeight",
                table: "Participants");

            migrationBuilder.DropColumn(
                name: "ViewportWidth",
                table: "Participants");
        }
    }
}
