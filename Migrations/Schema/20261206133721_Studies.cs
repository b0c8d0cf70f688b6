using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ExpO.StudyData.Schema
{
    /// <inheritdoc />
    public partial class Studies : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "StudyDefinitionId",
                table: "SettingsVersions",
                type: "INTEGER",
                nullable: false,
                defaultValue: 1L);

            migrationBuilder.AddColumn<long>(
                name: "StudyDefinitionId",
                table: "RepeatRefusals",
                type: "INTEGER",
                nullable: false,
                defaultValue: 1L);

            migrationBuilder.AddColumn<long>(
                name: "StudyDefinitionId",
                table: "Participants",
                type: "INTEGER",
                nullable: false,
                defaultValue: 1L);

            migrationBuilder.AddColumn<long>(
                name: "StudyDefinitionId",
                table: "DataExports",
                type: "INTEGER",
                nullable: false,
                defaultValue: 1L);

            migrationBuilder.CreateTable(
                name: "Studies",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ControlBundle = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    TreatmentBundle = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Explainer = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    Quantity = table.Column<string>(type: "TEXT", nullable: false),
                    ExcludedStudies = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Studies", x => x.Id);
                });

            migrationBuilder.InsertData(
                table: "Studies",
                columns: new[] { "Id", "ControlBundle", "CreatedUtc", "ExcludedStudies", "Explainer", "Name", "Quantity", "Title", "TreatmentBundle" },
                values: new object[] { 1L, "none", new DateTime(2026, 12, 6, 0, 0, 0, 0, DateTimeKind.Utc), "[]", "lime", "housing", "{\"Name\":\"price\",\"Subject\":\"house\",\"Prefix\":\"$\",\"Suffix\":\"\",\"Scale\":1000,\"Decimals\":0}", "Help a computer model price a house", "expo" });

            migrationBuilder.CreateIndex(
                name: "IX_SettingsVersions_StudyDefinitionId",
                table: "SettingsVersions",
                column: "StudyDefinitionId");

            migrationBuilder.CreateIndex(
                name: "IX_Participants_StudyDefinitionId_Source_ExpoFirst",
                table: "Participants",
                columns: new[] { "StudyDefinitionId", "Source", "ExpoFirst" });

            migrationBuilder.CreateIndex(
                name: "IX_Studies_Name",
                table: "Studies",
                column: "Name",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Studies");

            migrationBuilder.DropIndex(
                name: "IX_SettingsVersions_StudyDefinitionId",
                table: "SettingsVersions");

            migrationBuilder.DropIndex(
                name: "IX_Participants_StudyDefinitionId_Source_ExpoFirst",
                table: "Participants");

            migrationBuilder.DropColumn(
                name: "StudyDefinitionId",
                table: "SettingsVersions");

            migrationBuilder.DropColumn(
                name: "StudyDefinitionId",
                table: "RepeatRefusals");

            migrationBuilder.DropColumn(
                name: "StudyDefinitionId",
                table: "Participants");

            migrationBuilder.DropColumn(
                name: "StudyDefinitionId",
                table: "DataExports");
        }
    }
}
