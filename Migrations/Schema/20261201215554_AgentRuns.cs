using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ExpO.StudyData.Schema
{
    /// <inheritdoc />
    public partial class AgentRuns : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<double>(
                name: "AgentLambda",
                table: "Participants",
                type: "REAL",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "AgentSeed",
                table: "Participants",
                type: "INTEGER",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "AgentLambda",
                table: "Participants");

            migrationBuilder.DropColumn(
                name: "AgentSeed",
                table: "Participants");
        }
    }
}
