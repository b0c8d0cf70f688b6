using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace ExpO.StudyData.PostgreSql.Schema
{
    /// <inheritdoc />
    public partial class InitialCreate : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "DataExports",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    StudyDefinitionId = table.Column<long>(type: "bigint", nullable: false, defaultValue: 1L),
                    File = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Researcher = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    AtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DataExports", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "DataProtectionKeys",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    FriendlyName = table.Column<string>(type: "text", nullable: true),
                    Xml = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DataProtectionKeys", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Datasets",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Name = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    Format = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Content = table.Column<string>(type: "text", nullable: false),
                    Participants = table.Column<int>(type: "integer", nullable: false),
                    ImportedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    ImportedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Datasets", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Participants",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    TokenHash = table.Column<string>(type: "text", nullable: false),
                    Pseudonym = table.Column<string>(type: "text", nullable: false),
                    Source = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    ExternalIdHash = table.Column<string>(type: "text", nullable: true),
                    AssignmentIdHash = table.Column<string>(type: "text", nullable: true),
                    HitId = table.Column<string>(type: "text", nullable: true),
                    TurkSubmitTo = table.Column<string>(type: "text", nullable: true),
                    StudyId = table.Column<string>(type: "text", nullable: true),
                    SessionIdHash = table.Column<string>(type: "text", nullable: true),
                    ClientEntryId = table.Column<Guid>(type: "uuid", nullable: true),
                    StudyDefinitionId = table.Column<long>(type: "bigint", nullable: false, defaultValue: 1L),
                    ExpoFirst = table.Column<bool>(type: "boolean", nullable: false),
                    Stage = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    CurrentRound = table.Column<int>(type: "integer", nullable: false),
                    CompletionCode = table.Column<string>(type: "text", nullable: false),
                    SettingsVersionId = table.Column<long>(type: "bigint", nullable: true),
                    ProlificCompletionCode = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false, defaultValue: ""),
                    PageOpens = table.Column<int>(type: "integer", nullable: false),
                    AgentLambda = table.Column<double>(type: "double precision", nullable: true),
                    AgentSeed = table.Column<int>(type: "integer", nullable: true),
                    Device = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    ViewportWidth = table.Column<int>(type: "integer", nullable: true),
                    ViewportHeight = table.Column<int>(type: "integer", nullable: true),
                    Input = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    CreatedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ConsentedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    CompletedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Settings_LimeSamples = table.Column<int>(type: "integer", nullable: false, defaultValue: 1000),
                    Settings_Rounds = table.Column<int>(type: "integer", nullable: false, defaultValue: 5),
                    Settings_StepSize = table.Column<double>(type: "double precision", nullable: false, defaultValue: 1.0),
                    Settings_TargetOffset = table.Column<double>(type: "double precision", nullable: false, defaultValue: 1.0),
                    Settings_Tolerance = table.Column<double>(type: "double precision", nullable: false, defaultValue: 0.10000000000000001)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Participants", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "RepeatRefusals",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    StudyDefinitionId = table.Column<long>(type: "bigint", nullable: false, defaultValue: 1L),
                    Source = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    ExternalIdHash = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    AtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RepeatRefusals", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Researchers",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Email = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    PasswordHash = table.Column<string>(type: "text", nullable: false),
                    CreatedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Researchers", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Secrets",
                columns: table => new
                {
                    Name = table.Column<string>(type: "text", nullable: false),
                    Value = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Secrets", x => x.Name);
                });

            migrationBuilder.CreateTable(
                name: "SettingsVersions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    StudyDefinitionId = table.Column<long>(type: "bigint", nullable: false, defaultValue: 1L),
                    ConsentText = table.Column<string>(type: "text", nullable: false),
                    ProlificCompletionCode = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Open = table.Column<bool>(type: "boolean", nullable: false),
                    AllowRepeatParticipation = table.Column<bool>(type: "boolean", nullable: false),
                    Origin = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    SavedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    CreatedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Protocol_LimeSamples = table.Column<int>(type: "integer", nullable: false, defaultValue: 1000),
                    Protocol_Rounds = table.Column<int>(type: "integer", nullable: false, defaultValue: 5),
                    Protocol_StepSize = table.Column<double>(type: "double precision", nullable: false, defaultValue: 1.0),
                    Protocol_TargetOffset = table.Column<double>(type: "double precision", nullable: false, defaultValue: 1.0),
                    Protocol_Tolerance = table.Column<double>(type: "double precision", nullable: false, defaultValue: 0.10000000000000001)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SettingsVersions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Studies",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Name = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ControlBundle = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    TreatmentBundle = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Explainer = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    Quantity = table.Column<string>(type: "text", nullable: false),
                    ExcludedStudies = table.Column<string>(type: "text", nullable: false),
                    CreatedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Studies", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Exclusions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ParticipantId = table.Column<long>(type: "bigint", nullable: false),
                    Excluded = table.Column<bool>(type: "boolean", nullable: false),
                    Reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    Researcher = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    AtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Exclusions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Exclusions_Participants_ParticipantId",
                        column: x => x.ParticipantId,
                        principalTable: "Participants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "FinalAnswers",
                columns: table => new
                {
                    ParticipantId = table.Column<long>(type: "bigint", nullable: false),
                    Useful = table.Column<int>(type: "integer", nullable: false),
                    UsefulWhy = table.Column<string>(type: "text", nullable: false),
                    Expectation = table.Column<int>(type: "integer", nullable: false),
                    ExpectationWhy = table.Column<string>(type: "text", nullable: false),
                    Comments = table.Column<string>(type: "text", nullable: true),
                    SubmittedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FinalAnswers", x => x.ParticipantId);
                    table.ForeignKey(
                        name: "FK_FinalAnswers_Participants_ParticipantId",
                        column: x => x.ParticipantId,
                        principalTable: "Participants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Rounds",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ParticipantId = table.Column<long>(type: "bigint", nullable: false),
                    Number = table.Column<int>(type: "integer", nullable: false),
                    StartPointIndex = table.Column<int>(type: "integer", nullable: false),
                    StartPoint = table.Column<string>(type: "text", nullable: false),
                    FinishedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Useful = table.Column<int>(type: "integer", nullable: true),
                    Expectation = table.Column<int>(type: "integer", nullable: true),
                    AnsweredUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Rounds", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Rounds_Participants_ParticipantId",
                        column: x => x.ParticipantId,
                        principalTable: "Participants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Steps",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ParticipantId = table.Column<long>(type: "bigint", nullable: false),
                    Round = table.Column<int>(type: "integer", nullable: false),
                    Condition = table.Column<string>(type: "character varying(1)", maxLength: 1, nullable: false),
                    ModelName = table.Column<string>(type: "text", nullable: false),
                    StepNumber = table.Column<int>(type: "integer", nullable: false),
                    Item = table.Column<int>(type: "integer", nullable: false),
                    Direction = table.Column<int>(type: "integer", nullable: false),
                    CoefficientSign = table.Column<int>(type: "integer", nullable: false),
                    PointBefore = table.Column<string>(type: "text", nullable: false),
                    PointAfter = table.Column<string>(type: "text", nullable: false),
                    PredictionBefore = table.Column<double>(type: "double precision", nullable: false),
                    PredictionAfter = table.Column<double>(type: "double precision", nullable: false),
                    ExplanationShown = table.Column<string>(type: "text", nullable: false),
                    ExplanationAfter = table.Column<string>(type: "text", nullable: false),
                    Done = table.Column<bool>(type: "boolean", nullable: false),
                    FinishedRound = table.Column<bool>(type: "boolean", nullable: false),
                    ClientStepId = table.Column<Guid>(type: "uuid", nullable: false),
                    ClientTimeUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ServerTimeUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Steps", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Steps_Participants_ParticipantId",
                        column: x => x.ParticipantId,
                        principalTable: "Participants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Conditions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    RoundId = table.Column<long>(type: "bigint", nullable: false),
                    Slot = table.Column<string>(type: "character varying(1)", maxLength: 1, nullable: false),
                    ModelName = table.Column<string>(type: "text", nullable: false),
                    Point = table.Column<string>(type: "text", nullable: false),
                    StartPrediction = table.Column<double>(type: "double precision", nullable: false),
                    Prediction = table.Column<double>(type: "double precision", nullable: false),
                    Target = table.Column<double>(type: "double precision", nullable: false),
                    Steps = table.Column<int>(type: "integer", nullable: false),
                    Done = table.Column<bool>(type: "boolean", nullable: false),
                    Explanation = table.Column<string>(type: "text", nullable: false),
                    LastChange = table.Column<double>(type: "double precision", nullable: true),
                    FinishedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Conditions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Conditions_Rounds_RoundId",
                        column: x => x.RoundId,
                        principalTable: "Rounds",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.InsertData(
                table: "Studies",
                columns: new[] { "Id", "ControlBundle", "CreatedUtc", "ExcludedStudies", "Explainer", "Name", "Quantity", "Title", "TreatmentBundle" },
                values: new object[] { 1L, "none", new DateTime(2026, 12, 6, 0, 0, 0, 0, DateTimeKind.Utc), "[]", "lime", "housing", "{\"Name\":\"price\",\"Subject\":\"house\",\"Prefix\":\"$\",\"Suffix\":\"\",\"Scale\":1000,\"Decimals\":0}", "Help a computer model price a house", "expo" });

            migrationBuilder.CreateIndex(
                name: "IX_Conditions_RoundId_Slot",
                table: "Conditions",
                columns: new[] { "RoundId", "Slot" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Datasets_Name",
                table: "Datasets",
                column: "Name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Exclusions_ParticipantId_Id",
                table: "Exclusions",
                columns: new[] { "ParticipantId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Participants_ClientEntryId",
                table: "Participants",
                column: "ClientEntryId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Participants_ExternalIdHash",
                table: "Participants",
                column: "ExternalIdHash");

            migrationBuilder.CreateIndex(
                name: "IX_Participants_Pseudonym",
                table: "Participants",
                column: "Pseudonym",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Participants_SettingsVersionId",
                table: "Participants",
                column: "SettingsVersionId");

            migrationBuilder.CreateIndex(
                name: "IX_Participants_StudyDefinitionId_Source_ExpoFirst",
                table: "Participants",
                columns: new[] { "StudyDefinitionId", "Source", "ExpoFirst" });

            migrationBuilder.CreateIndex(
                name: "IX_Participants_TokenHash",
                table: "Participants",
                column: "TokenHash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Researchers_Email",
                table: "Researchers",
                column: "Email",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Rounds_ParticipantId_Number",
                table: "Rounds",
                columns: new[] { "ParticipantId", "Number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SettingsVersions_StudyDefinitionId",
                table: "SettingsVersions",
                column: "StudyDefinitionId");

            migrationBuilder.CreateIndex(
                name: "IX_Steps_ParticipantId_ClientStepId",
                table: "Steps",
                columns: new[] { "ParticipantId", "ClientStepId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Steps_ParticipantId_Round_Condition_StepNumber",
                table: "Steps",
                columns: new[] { "ParticipantId", "Round", "Condition", "StepNumber" },
                unique: true);

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
                name: "Conditions");

            migrationBuilder.DropTable(
                name: "DataExports");

            migrationBuilder.DropTable(
                name: "DataProtectionKeys");

            migrationBuilder.DropTable(
                name: "Datasets");

            migrationBuilder.DropTable(
                name: "Exclusions");

            migrationBuilder.DropTable(
                name: "FinalAnswers");

            migrationBuilder.DropTable(
                name: "RepeatRefusals");

            migrationBuilder.DropTable(
                name: "Researchers");

            migrationBuilder.DropTable(
                name: "Secrets");

            migrationBuilder.DropTable(
                name: "SettingsVersions");

            migrationBuilder.DropTable(
                name: "Steps");

            migrationBuilder.DropTable(
                name: "Studies");

            migrationBuilder.DropTable(
                name: "Rounds");

            migrationBuilder.DropTable(
                name: "Participants");
        }
    }
}
