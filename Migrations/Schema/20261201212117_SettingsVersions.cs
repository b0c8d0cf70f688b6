using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ExpO.StudyData.Schema
{
    /// <inheritdoc />
    public partial class SettingsVersions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "PageOpens",
                table: "Participants",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "ProlificCompletionCode",
                table: "Participants",
                type: "TEXT",
                maxLength: 100,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<long>(
                name: "SettingsVersionId",
                table: "Participants",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Settings_LimeSamples",
                table: "Participants",
                type: "INTEGER",
                nullable: false,
                defaultValue: 1000);

            migrationBuilder.AddColumn<int>(
                name: "Settings_Rounds",
                table: "Participants",
                type: "INTEGER",
                nullable: false,
                defaultValue: 5);

            migrationBuilder.AddColumn<double>(
                name: "Settings_StepSize",
                table: "Participants",
                type: "REAL",
                nullable: false,
                defaultValue: 1.0);

            migrationBuilder.AddColumn<double>(
                name: "Settings_TargetOffset",
                table: "Participants",
                type: "REAL",
                nullable: false,
                defaultValue: 1.0);

            migrationBuilder.AddColumn<double>(
                name: "Settings_Tolerance",
                table: "Participants",
                type: "REAL",
                nullable: false,
                defaultValue: 0.10000000000000001);

            migrationBuilder.CreateTable(
                name: "SettingsVersions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ConsentText = table.Column<string>(type: "TEXT", nullable: false),
                    ProlificCompletionCode = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Open = table.Column<bool>(type: "INTEGER", nullable: false),
                    AllowRepeatParticipation = table.Column<bool>(type: "INTEGER", nullable: false),
                    Origin = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    SavedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    CreatedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Protocol_LimeSamples = table.Column<int>(type: "INTEGER", nullable: false, defaultValue: 1000),
                    Protocol_Rounds = table.Column<int>(type: "INTEGER", nullable: false, defaultValue: 5),
                    Protocol_StepSize = table.Column<double>(type: "REAL", nullable: false, defaultValue: 1.0),
                    Protocol_TargetOffset = table.Column<double>(type: "REAL", nullable: false, defaultValue: 1.0),
                    Protocol_Tolerance = table.Column<double>(type: "REAL", nullable: false, defaultValue: 0.10000000000000001)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SettingsVersions", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Participants_SettingsVersionId",
                table: "Participants",
                column: "SettingsVersionId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "SettingsVersions");

            migrationBuilder.DropIndex(
                name: "IX_Participants_SettingsVersionId",
                table: "Participants");

            migrationBuilder.DropColumn(
                name: "PageOpens",
                table: "Participants");

            migrationBuilder.DropColumn(
                name: "ProlificCompletionCode",
                table: "Participants");

            migrationBuilder.DropColumn(
                name: "SettingsVersionId",
                table: "Participants");

            migrationBuilder.DropColumn(
                name: "Settings_LimeSamples",
                table: "Participants");

            migrationBuilder.DropColumn(
                name: "Settings_Rounds",
                table: "Participants");

            migrationBuilder.DropColumn(
                name: "Settings_StepSize",
                table: "Participants");

            migrationBuilder.DropColumn(
                name: "Settings_TargetOffset",
                table: "Participants");

            migrationBuilder.DropColumn(
                name: "Settings_Tolerance",
                table: "Participants");
        }
    }
}
