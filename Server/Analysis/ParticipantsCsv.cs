using System.Globalization;
using CsvHelper;
using ExpO.Shared.Study;

namespace ExpO.Server.Analysis;

/// <summary>
/// The participants table as the researchers' export writes it (one row per participant, answers as A / B / same,
/// lists like "[12, 3]"), and read back for `analyze --format csv`: the finished participants become records, the
/// others are skipped. Read whole or not at all, with the line of the first bad row.
/// </summary>
public static class ParticipantsCsv
{
    public static readonly string[] Columns =
    [
        "participant", "source", "expo_first", "stage", "rounds_done", "created_utc", "consented_utc", "completed_utc", "minutes",
        "steps_a", "steps_b", "useful_rounds", "expectation_rounds", "useful", "expectation", "useful_model", "expectation_model",
        "useful_why", "expectation_why", "comments", "device", "viewport_width", "viewport_height", "input",
        "settings_version", "rounds_setting", "target_change", "tolerance", "step_size", "resumes", "flags",
        "excluded", "exclusion_reason", "excluded_by", "excluded_utc",
    ];

    /// <summary>What a file needs to be read back (exports from before the protocol columns lack the rest).</summary>
    static readonly string[] Required = Columns[..Array.IndexOf(Columns, "settings_version")];

    public static string Code(Preference p) => p switch { Preference.A => "A", Preference.B => "B", _ => "same" };

    public static IReadOnlyList<ParticipantRecord> Read(TextReader text)
    {
        using var csv = new CsvReader(text, CultureInfo.InvariantCulture);
        if (!csv.Read() || !csv.ReadHeader() || !Required.All(c => csv.HeaderRecord!.Contains(c)))
            throw new DatasetFormatException(1, "the header is not the participants export's: it needs " + string.Join(",", Required) + ".");
        var records = new List<ParticipantRecord>();
        while (csv.Read())
        {
            int line = csv.Parser.RawRow;
            // A row may stop short of the last (empty) columns, as spreadsheets save them; an older export lacks the
            // protocol columns altogether. Either reads as empty.
            string Field(string name) => csv.TryGetField<string>(name, out var value) ? value ?? "" : "";
            if (Field("stage") != nameof(StudyStage.Complete)) continue;
            var stepsA = ListCell.Steps(line, "steps_a", Field("steps_a"));
            var stepsB = ListCell.Steps(line, "steps_b", Field("steps_b"));
            var useful = Answers(line, "useful_rounds", Field("useful_rounds"));
            var expectation = Answers(line, "expectation_rounds", Field("expectation_rounds"));
            if (stepsB.Count != stepsA.Count || useful.Count != stepsA.Count || expectation.Count != stepsA.Count)
                throw new DatasetFormatException(line, "steps_a, steps_b, useful_rounds and expectation_rounds must list the same rounds.");
            records.Add(new ParticipantRecord(Field("participant"), Field("expo_first") switch
            {
                "true" => true,
                "false" => false,
                var v => throw new DatasetFormatException(line, $"expo_first must be true or false, not \"{v}\"."),
            },
                stepsA, stepsB, Answer(line, "useful", Field("useful")), Answer(line, "expectation", Field("expectation")), useful, expectation,
                Field("useful_why"), Field("expectation_why"), Field("comments"), Simulated: Field("source") == "agent")
            {
                // A researcher's exclusion travels with the export and is honoured when the file is analysed.
                ExcludedBecause = Field("excluded") == "true" ? Field("exclusion_reason") : null,
                SettingsVersion = long.TryParse(Field("settings_version"), NumberStyles.None, CultureInfo.InvariantCulture, out var version) ? version : null,
            });
        }
        return records;
    }

    static Preference Answer(int line, string column, string value) => value.Trim() switch
    {
        "A" => Preference.A,
        "B" => Preference.B,
        "same" => Preference.Same,
        var v => throw new DatasetFormatException(line, $"{column} must be A, B or same, not \"{v}\"."),
    };

    static IReadOnlyList<Preference> Answers(int line, string column, string cell) =>
        ListCell.Items(line, column, cell).Select(v => Answer(line, column, v)).ToArray();
}
