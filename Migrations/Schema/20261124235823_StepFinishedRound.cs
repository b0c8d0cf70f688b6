using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ExpO.StudyData.Schema
{
    /// <inheritdoc />
    public partial class StepFinishedRound : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "FinishedRound",
                table: "Steps",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "FinishedRound",
                table: "Steps");
        }
    }
}
