using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ExpO.StudyData.Schema
{
    /// <summary>
    /// Nothing in the database is enough to resume anyone (deployment issue): the token salts go (a token is now
    /// random and only its hash is kept), raw assignmentIds and SESSION_IDs become keyed hashes, and the key leaves
    /// the Secrets table for the key file. The server moves the key into the file before it migrates and gives this
    /// migration the SQL function expo_visit_hash(source, id) that hashes with it, so only the server applies it
    /// (`dotnet ef database update` cannot). Tokens handed out before stay valid: their hashes are unchanged.
    /// </summary>
    public partial class KeysOutsideDatabase : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.RenameColumn(name: "TokenSalt", table: "Participants", newName: "Pseudonym");
            migrationBuilder.RenameColumn(name: "SessionId", table: "Participants", newName: "SessionIdHash");
            migrationBuilder.RenameColumn(name: "AssignmentId", table: "Participants", newName: "AssignmentIdHash");
            // The pseudonym researchers already saw (exports, replays, MTurk's participantRef) was the token hash's start.
            migrationBuilder.Sql("UPDATE Participants SET Pseudonym = substr(TokenHash, 1, 12);");
            // The same text EntryService hashes: "mturk" / "prolific" and the raw id.
            migrationBuilder.Sql("UPDATE Participants SET AssignmentIdHash = expo_visit_hash('mturk', AssignmentIdHash) WHERE AssignmentIdHash IS NOT NULL;");
            migrationBuilder.Sql("UPDATE Participants SET SessionIdHash = expo_visit_hash('prolific', SessionIdHash) WHERE SessionIdHash IS NOT NULL;");
            migrationBuilder.Sql("DELETE FROM Secrets WHERE Name = 'participant-key';");
            migrationBuilder.CreateIndex(name: "IX_Participants_Pseudonym", table: "Participants", column: "Pseudonym", unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder) =>
            throw new System.NotSupportedException("KeysOutsideDatabase cannot be undone: the token salts and raw platform ids are gone. Restore a backup from before it instead.");
    }
}
