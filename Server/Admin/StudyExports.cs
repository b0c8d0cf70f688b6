using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsvHelper;
using ExpO.Server.Analysis;
using ExpO.Shared.Study;
using ExpO.StudyData;
using Microsoft.EntityFrameworkCore;

namespace ExpO.Server.Admin;

/// <summary>One download of the study's data.</summary>
public sealed record ExportKind(string File, string ContentType, string Description);

/// <summary>
/// The study's data as files: participants (one row each), steps (one row per click, with the explanation shown),
/// answers (per round and final), as CSV or JSON, and the original study's published per-participant format. Each
/// table's columns are written once and serve both CSV and JSON. Pseudonymous ids only.
/// </summary>
public sealed class StudyExports(StudyDbContext db, ParticipantsTable table, Data.WriteGate writeGate, TimeProvider time)
{
    public static readonly IReadOnlyList<ExportKind> All =
    [
        new("participants.csv", "text/csv", "one row per participant: source, order, stage, times, steps per round, answers"),
        new("participants.json", "application/json", "the same as JSON"),
        new("steps.csv", "text/csv", "one row per click: item, direction, prices, points and the explanation shown"),
        new("steps.json", "application/json", "the same as JSON"),
        new("answers.csv", "text/csv", "the answers after each round and at the end, as A/B and as the model chosen"),
        new("answers.json", "application/json", "the same as JSON"),
        new("published.txt", "text/plain", "finished participants in the original study's published format"),
    ];

    public static ExportKind? Find(string file) => All.FirstOrDefault(e => e.File == file);

    /// <summary>One study's data as the file asked for.</summary>
    public async Task WriteAsync(long study, ExportKind kind, Stream body, string researcher, CancellationToken ct)
    {
        // Who took which file when: the dashboard warns when the settings change after the last download.
        using (await writeGate.EnterAsync(ct))
        {
            db.DataExports.Add(new StudyData.Entities.DataExport
            {
                StudyDefinitionId = study,
                File = kind.File,
                Researcher = researcher,
                AtUtc = time.GetUtcNow().UtcDateTime,
            });
            await db.SaveChangesAsync(ct);
        }
        // CsvHelper and StreamWriter write synchronously when their buffers fill, which Kestrel refuses on a response
        // body: write to a buffer that spills to a temporary file past 32 KB, then send it asynchronously.
        await using var buffer = new Microsoft.AspNetCore.WebUtilities.FileBufferingWriteStream();
        await WriteToAsync(study, kind, buffer, ct);
        await buffer.DrainBufferAsync(body, ct);
    }

    async Task WriteToAsync(long study, ExportKind kind, Stream body, CancellationToken ct)
    {
        var name = Path.GetFileNameWithoutExtension(kind.File);
        bool json = kind.File.EndsWith(".json", StringComparison.Ordinal);
        if (name == "published")
        {
            await using var text = new StreamWriter(body, leaveOpen: true);
            // The published format has no column for it: someone a researcher left out is left out of the file.
            PublishedFormat.Write(text, (await StudyRecords.LoadAsync(db, study, ct)).Where(r => r.ExcludedBecause is null));
            return;
        }
        var (columns, rows) = name switch
        {
            "participants" => await ParticipantsAsync(study, ct),
            "steps" => await StepsAsync(study, ct),
            _ => await AnswersAsync(study, ct),
        };
        if (json) await WriteJsonAsync(body, columns, rows, ct);
        else await WriteCsvAsync(body, columns, rows);
    }

    static string Code(Preference p) => ParticipantsCsv.Code(p);
    static string Model(bool expoFirst, Preference p) => ParticipantRecord.Choice(expoFirst, p) switch
    {
        ModelChoice.Expo => "expo",
        ModelChoice.None => "none",
        _ => "no_preference",
    };

    async Task<(string[], IEnumerable<object?[]>)> ParticipantsAsync(long study, CancellationToken ct)
    {
        var all = await db.Participants.AsNoTracking().AsSplitQuery().Where(p => p.StudyDefinitionId == study).Include(p => p.Rounds).ThenInclude(r => r.Conditions)
            .Include(p => p.FinalAnswers).OrderBy(p => p.Id).ToListAsync(ct);
        // Resumes, flags and exclusions by the researchers' table's own rules.
        var rows = (await table.RowsAsync(study, ct)).ToDictionary(r => r.Id);
        var columns = ParticipantsCsv.Columns;
        return (columns, all.Select(p =>
        {
            var row = rows[p.Pseudonym];
            var rounds = p.Rounds.OrderBy(r => r.Number).Where(r => r.FinishedUtc is not null).ToList();
            var f = p.FinalAnswers;
            return new object?[]
            {
                p.Pseudonym, p.Source.ToString().ToLowerInvariant(), p.ExpoFirst, p.Stage.ToString(),
                rounds.Count, p.CreatedUtc, p.ConsentedUtc, p.CompletedUtc,
                p.CompletedUtc is { } done ? Math.Round((done - p.CreatedUtc).TotalMinutes, 2) : null,
                rounds.Select(r => StudyRecords.Steps(r, Condition.A)).ToArray(), rounds.Select(r => StudyRecords.Steps(r, Condition.B)).ToArray(),
                rounds.Where(r => r.Useful is not null).Select(r => Code(r.Useful!.Value)).ToArray(),
                rounds.Where(r => r.Expectation is not null).Select(r => Code(r.Expectation!.Value)).ToArray(),
                f is null ? null : Code(f.Useful), f is null ? null : Code(f.Expectation),
                f is null ? null : Model(p.ExpoFirst, f.Useful), f is null ? null : Model(p.ExpoFirst, f.Expectation),
                f?.UsefulWhy, f?.ExpectationWhy, f?.Comments,
                p.Device.ToString().ToLowerInvariant(), p.ViewportWidth, p.ViewportHeight, p.Input.ToString().ToLowerInvariant(),
                p.SettingsVersionId, p.Settings.Rounds, p.Settings.TargetOffset, p.Settings.Tolerance, p.Settings.StepSize,
                row.Resumes, row.Flags, row.Exclusion is not null, row.Exclusion?.Reason, row.Exclusion?.Researcher, row.Exclusion?.AtUtc,
            };
        }));
    }

    async Task<(string[], IEnumerable<object?[]>)> StepsAsync(long study, CancellationToken ct)
    {
        var steps = await db.Steps.AsNoTracking().Where(s => s.Participant!.StudyDefinitionId == study).OrderBy(s => s.ParticipantId).ThenBy(s => s.Round).ThenBy(s => s.Condition).ThenBy(s => s.StepNumber)
            .Select(s => new { Step = s, s.Participant!.Pseudonym, s.Participant.SettingsVersionId }).ToListAsync(ct);
        string[] columns = ["participant", "settings_version", "round", "condition", "model", "step", "item", "direction", "coefficient_sign", "prediction_before",
            "prediction_after", "point_before", "point_after", "shown_intercept", "shown_coefficients", "shown_r2", "shown_lime_seed", "done",
            "finished_round", "client_time_utc", "server_time_utc"];
        return (columns, steps.Select(x =>
        {
            var s = x.Step;
            return new object?[]
            {
                x.Pseudonym, x.SettingsVersionId, s.Round, s.Condition.ToString(), s.ModelName, s.StepNumber, s.Item,
                s.Direction == Direction.Up ? "+" : "-", s.CoefficientSign, s.PredictionBefore, s.PredictionAfter, s.PointBefore, s.PointAfter,
                s.ExplanationShown.Intercept, s.ExplanationShown.Coefficients, s.ExplanationShown.Score, s.ExplanationShown.Seed, s.Done,
                s.FinishedRound, s.ClientTimeUtc, s.ServerTimeUtc,
            };
        }));
    }

    async Task<(string[], IEnumerable<object?[]>)> AnswersAsync(long study, CancellationToken ct)
    {
        var all = await db.Participants.AsNoTracking().AsSplitQuery().Where(p => p.StudyDefinitionId == study).Include(p => p.Rounds).Include(p => p.FinalAnswers).OrderBy(p => p.Id).ToListAsync(ct);
        string[] columns = ["participant", "settings_version", "expo_first", "round", "useful", "expectation", "useful_model", "expectation_model", "useful_why", "expectation_why", "comments", "answered_utc"];
        return (columns, all.SelectMany(p =>
        {
            var id = p.Pseudonym;
            // "round" is a number, or "final" for the answers at the end.
            var rows = p.Rounds.Where(r => r.Useful is not null && r.Expectation is not null).OrderBy(r => r.Number).Select(r => new object?[]
            {
                id, p.SettingsVersionId, p.ExpoFirst, r.Number, Code(r.Useful!.Value), Code(r.Expectation!.Value),
                Model(p.ExpoFirst, r.Useful.Value), Model(p.ExpoFirst, r.Expectation.Value), null, null, null, r.AnsweredUtc,
            });
            return p.FinalAnswers is { } f
                ? rows.Append([id, p.SettingsVersionId, p.ExpoFirst, "final", Code(f.Useful), Code(f.Expectation), Model(p.ExpoFirst, f.Useful), Model(p.ExpoFirst, f.Expectation),
                    f.UsefulWhy, f.ExpectationWhy, f.Comments, f.SubmittedUtc])
                : rows;
        }));
    }

    static async Task WriteCsvAsync(Stream body, string[] columns, IEnumerable<object?[]> rows)
    {
        await using var text = new StreamWriter(body, leaveOpen: true);
        await using var csv = new CsvWriter(text, CultureInfo.InvariantCulture);
        foreach (var c in columns) csv.WriteField(c);
        await csv.NextRecordAsync();
        foreach (var row in rows)
        {
            foreach (var v in row) csv.WriteField(CsvText(v));
            await csv.NextRecordAsync();
        }
    }

    static async Task WriteJsonAsync(Stream body, string[] columns, IEnumerable<object?[]> rows, CancellationToken ct)
    {
        var array = new JsonArray(rows.Select(row =>
        {
            var o = new JsonObject();
            for (int i = 0; i < columns.Length; i++) o[columns[i]] = Json(row[i]);
            return (JsonNode)o;
        }).ToArray());
        await JsonSerializer.SerializeAsync(body, array, cancellationToken: ct);
    }

    // A cell is a string, a number, a flag, a time or a list of those: CSV writes each as text (lists like "[3, 4]",
    // numbers round-trip, times ISO 8601), JSON keeps its type (lists as arrays, numbers and flags as themselves).
    static string CsvText(object? v) => v switch
    {
        null => "",
        string s => s,
        bool b => b ? "true" : "false",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        int i => i.ToString(CultureInfo.InvariantCulture),
        long l => l.ToString(CultureInfo.InvariantCulture),
        DateTime t => Utc(t),
        System.Collections.IEnumerable list => ListCell.Format(list.Cast<object?>().Select(CsvText)),
        _ => throw new ArgumentException($"An export cell of type {v.GetType().Name} has no format."),
    };

    /// <summary>ISO 8601 with its zone: every stored time is UTC, but SQLite hands it back without saying so.</summary>
    static string Utc(DateTime t) => DateTime.SpecifyKind(t, DateTimeKind.Utc).ToString("O", CultureInfo.InvariantCulture);

    static JsonNode? Json(object? v) => v switch
    {
        null => null,
        string s => JsonValue.Create(s),
        bool b => JsonValue.Create(b),
        double d => JsonValue.Create(d),
        int i => JsonValue.Create(i),
        long l => JsonValue.Create(l),
        DateTime t => JsonValue.Create(Utc(t)),
        System.Collections.IEnumerable list => new JsonArray(list.Cast<object?>().Select(Json).ToArray()),
        _ => throw new ArgumentException($"An export cell of type {v.GetType().Name} has no JSON form."),
    };
}
