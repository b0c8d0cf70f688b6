using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using ExpO.Shared.Study;

namespace ExpO.Server.Analysis;

/// <summary>
/// The original study's published per-participant file: pipe-separated, an unnamed row-number column first, lists
/// written like "[12, 3, 7]", expoFirst True/False, answers coded 1 = Condition A, -1 = Condition B, 0 = no difference.
/// A row whose lists disagree on the number of rounds (files of that era have them) is read and marked irregular,
/// with its line and what is irregular; it is analysed by the rule in docs/study-protocol.md. Only what cannot be
/// read at all (a bad header, a cell that is not a list of numbers, a code that means nothing) stops the read, with
/// its line number.
/// </summary>
public static class PublishedFormat
{
    public static readonly string[] Columns =
        ["", "usefulRound", "expectationwhy", "stepsA", "stepsB", "expoFirst", "usefulWhy", "expectationbinary", "usefulBinary", "expectationRound", "comments"];

    static CsvConfiguration Config => new(CultureInfo.InvariantCulture) { Delimiter = "|", HasHeaderRecord = true, BadDataFound = null };

    public static IReadOnlyList<ParticipantRecord> Read(TextReader text)
    {
        using var csv = new CsvReader(text, Config);
        if (!csv.Read() || !csv.ReadHeader())
            throw new DatasetFormatException(1, "the file is empty; it should start with the header " + string.Join('|', Columns) + ".");
        var header = csv.HeaderRecord!;
        if (!header.SequenceEqual(Columns))
            throw new DatasetFormatException(1, "the header is not the published format's: expected " + string.Join('|', Columns) + ".");
        var records = new List<ParticipantRecord>();
        var ids = new HashSet<string>();
        while (csv.Read())
        {
            int line = csv.Parser.RawRow;
            if (csv.Parser.Count != Columns.Length)
                throw new DatasetFormatException(line, $"{csv.Parser.Count} columns, the header has {Columns.Length}.");
            string Field(string name) => csv.GetField(Array.IndexOf(Columns, name))!;
            var id = Field("");
            if (!ids.Add(id)) throw new DatasetFormatException(line, $"row number {id} appears twice.");
            var stepsA = ListCell.Steps(line, "stepsA", Field("stepsA"));
            var stepsB = ListCell.Steps(line, "stepsB", Field("stepsB"));
            var usefulRounds = Answers(line, "usefulRound", Field("usefulRound"));
            var expectationRounds = Answers(line, "expectationRound", Field("expectationRound"));
            records.Add(new ParticipantRecord(id, Bool(line, "expoFirst", Field("expoFirst")), stepsA, stepsB,
                Answer(line, "usefulBinary", Field("usefulBinary")), Answer(line, "expectationbinary", Field("expectationbinary")),
                usefulRounds, expectationRounds, Field("usefulWhy"), Field("expectationwhy"), Field("comments"))
            {
                Irregularity = Irregular(line, stepsA.Count, stepsB.Count, usefulRounds.Count, expectationRounds.Count),
            });
        }
        return records;
    }

    public static void Write(TextWriter text, IEnumerable<ParticipantRecord> records)
    {
        using var csv = new CsvWriter(text, Config);
        foreach (var c in Columns) csv.WriteField(c);
        csv.NextRecord();
        int row = 0;
        foreach (var r in records)
        {
            csv.WriteField(row++.ToString(CultureInfo.InvariantCulture));
            csv.WriteField(ListCell.Format(r.UsefulRounds.Select(Code)));
            csv.WriteField(r.ExpectationWhy);
            csv.WriteField(ListCell.Format(r.StepsA));
            csv.WriteField(ListCell.Format(r.StepsB));
            csv.WriteField(r.ExpoFirst ? "True" : "False");
            csv.WriteField(r.UsefulWhy);
            csv.WriteField(Code(r.Expectation).ToString(CultureInfo.InvariantCulture));
            csv.WriteField(Code(r.Useful).ToString(CultureInfo.InvariantCulture));
            csv.WriteField(ListCell.Format(r.ExpectationRounds.Select(Code)));
            csv.WriteField(r.Comments);
            csv.NextRecord();
        }
    }

    static int Code(Preference p) => (int)p;

    static IReadOnlyList<Preference> Answers(int line, string column, string cell) =>
        ListCell.Ints(line, column, cell).Select(v => Coded(line, column, v)).ToArray();

    /// <summary>What is irregular about a row's lists, or null when they all have the same number of rounds.</summary>
    static string? Irregular(int line, int a, int b, int useful, int expectation)
    {
        if (a == b && useful == a && expectation == a) return null;
        var parts = new List<string>();
        if (a != b) parts.Add($"stepsA has {a} rounds and stepsB {b}");
        int rounds = Math.Max(a, b);
        if (useful != rounds) parts.Add($"usefulRound has {useful} answers");
        if (expectation != rounds) parts.Add($"expectationRound has {expectation} answers");
        return $"line {line}: {string.Join(", ", parts)}";
    }

    static Preference Answer(int line, string column, string cell) =>
        int.TryParse(cell.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v)
            ? Coded(line, column, v)
            : throw new DatasetFormatException(line, $"{column} must be 1 (Condition A), -1 (Condition B) or 0 (no difference), not \"{cell}\".");

    static Preference Coded(int line, string column, int value) => value switch
    {
        1 => Preference.A,
        -1 => Preference.B,
        0 => Preference.Same,
        _ => throw new DatasetFormatException(line, $"{column} must be 1 (Condition A), -1 (Condition B) or 0 (no difference), not {value}."),
    };

    static bool Bool(int line, string column, string cell) => cell.Trim() switch
    {
        "True" => true,
        "False" => false,
        _ => throw new DatasetFormatException(line, $"{column} must be True or False, not \"{cell}\"."),
    };
}
