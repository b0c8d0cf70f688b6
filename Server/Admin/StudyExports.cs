using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsvHelper;
using ExpO.Migrations;
using ExpO.Server.Analysis;
using ExpO.Shared.Study;
using Microsoft.EntityFrameworkCore;

namespace ExpO.Server.Admin;

/// <summary>One download of the study's data.</summary>
public sealed record ExportKind(string File, string ContentType, string Description);

/// <summary>
/// The study's data as files: participants (one row each), steps (one row per click, with the explanation shown),
/// answers (per round and final), as CSV or JSON, and the original study's published per-participant format. Each
/// table's columns are written once and serve both CSV and JSON. Pseudonymous ids only.
/// </summary>
public sealed class StudyExports(StudyDbContext db)
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

    public async Task WriteAsync(ExportKind kind, Stream body, CancellationToken ct)
    {
        // CsvHelper and StreamWriter write synchronously when their buffers fill, which Kestrel refuses on a response
        // body: write to a buffer that spills to a temporary file past 32 KB, then send it asynchronously.
        await using var buffer = new Microsoft.AspNetCore.WebUtilities.FileBufferingWriteStream();
        await WriteToAsync(kind, buffer, ct);
        await buffer.DrainBufferAsync(body, ct);
    }

    async Task WriteToAsync(ExportKind kind, Stream body, CancellationToken ct)
    {
        var name = Path.GetFileNameWithoutExtension(kind.File);
        bool json = kind.File.EndsWith(".json", StringComparison.Ordinal);
        if (name == "published")
        {
            await using var text = new StreamWriter(body, leaveOpen: true);
            PublishedFormat.Write(text, await StudyRecords.LoadAsync(db, ct));
            return;
        }
        var (columns, rows) = name switch
        {
            "participants" => await ParticipantsAsync(ct),
            "steps" => await StepsAsync(ct),
            _ => await AnswersAsync(ct),
        };
        if (json) await WriteJsonAsync(body, columns, rows, ct);
        else await WriteCsvAsync(body, columns, rows);
    }

    static string List<T>(IEnumerable<T> values) => ListCell.Format(values);
    static string? Time(DateTime? t) => t?.ToString("O", CultureInfo.InvariantCulture);
    static string? Number(double? v) => v?.ToString("R", CultureInfo.InvariantCulture);
    static string Code(Preference p) => ParticipantsCsv.Code(p);
    static string Model(bool expoFirst, Preference p) => ParticipantRecord.Choice(expoFirst, p) switch
    {
        ModelChoice.Expo => "expo", ModelChoice.None => "none", _ => "no_preference",
    };

    async Task<(string[], IEnumerable<string?[]>)> ParticipantsAsync(CancellationToken ct)
    {
        var all = await db.Participants.AsNoTracking().AsSplitQuery().Include(p => p.Rounds).ThenInclude(r => r.Conditions)
            .Include(p => p.FinalAnswers).OrderBy(p => p.Id).ToListAsync(ct);
        var columns = ParticipantsCsv.Columns;
        return (columns, all.Select(p =>
        {
            var rounds = p.Rounds.OrderBy(r => r.Number).Where(r => r.FinishedUtc is not null).ToList();
            var f = p.FinalAnswers;
            return new string?[]
            {
                StudyRecords.Pseudonym(p.TokenHash), p.Source.ToString().ToLowerInvariant(), p.ExpoFirst ? "true" : "false", p.Stage.ToString(),
                rounds.Count.ToString(CultureInfo.InvariantCulture), Time(p.CreatedUtc), Time(p.ConsentedUtc), Time(p.CompletedUtc),
                p.CompletedUtc is { } done ? Number(Math.Round((done - p.CreatedUtc).TotalMinutes, 2)) : null,
                List(rounds.Select(r => StudyRecords.Steps(r, Condition.A))), List(rounds.Select(r => StudyRecords.Steps(r, Condition.B))),
                List(rounds.Where(r => r.Useful is not null).Select(r => Code(r.Useful!.Value))),
                List(rounds.Where(r => r.Expectation is not null).Select(r => Code(r.Expectation!.Value))),
                f is null ? null : Code(f.Useful), f is null ? null : Code(f.Expectation),
                f is null ? null : Model(p.ExpoFirst, f.Useful), f is null ? null : Model(p.ExpoFirst, f.Expectation),
                f?.UsefulWhy, f?.ExpectationWhy, f?.Comments,
            };
        }));
    }

    async Task<(string[], IEnumerable<string?[]>)> StepsAsync(CancellationToken ct)
    {
        var steps = await db.Steps.AsNoTracking().OrderBy(s => s.ParticipantId).ThenBy(s => s.Round).ThenBy(s => s.Condition).ThenBy(s => s.StepNumber)
            .Select(s => new { Step = s, s.Participant!.TokenHash }).ToListAsync(ct);
        string[] columns = ["participant", "round", "condition", "model", "step", "item", "direction", "coefficient_sign", "prediction_before",
            "prediction_after", "point_before", "point_after", "shown_intercept", "shown_coefficients", "shown_r2", "shown_lime_seed", "done",
            "finished_round", "client_time_utc", "server_time_utc"];
        return (columns, steps.Select(x =>
        {
            var s = x.Step;
            return new string?[]
            {
                StudyRecords.Pseudonym(x.TokenHash), s.Round.ToString(CultureInfo.InvariantCulture), s.Condition.ToString(), s.ModelName,
                s.StepNumber.ToString(CultureInfo.InvariantCulture), s.Item.ToString(CultureInfo.InvariantCulture), s.Direction == Direction.Up ? "+" : "-",
                s.CoefficientSign.ToString(CultureInfo.InvariantCulture), Number(s.PredictionBefore), Number(s.PredictionAfter),
                List(s.PointBefore.Select(v => Number(v))), List(s.PointAfter.Select(v => Number(v))),
                Number(s.ExplanationShown.Intercept), List(s.ExplanationShown.Coefficients.Select(v => Number(v))), Number(s.ExplanationShown.Score),
                s.ExplanationShown.Seed.ToString(CultureInfo.InvariantCulture), s.Done ? "true" : "false", s.FinishedRound ? "true" : "false",
                Time(s.ClientTimeUtc), Time(s.ServerTimeUtc),
            };
        }));
    }

    async Task<(string[], IEnumerable<string?[]>)> AnswersAsync(CancellationToken ct)
    {
        var all = await db.Participants.AsNoTracking().AsSplitQuery().Include(p => p.Rounds).Include(p => p.FinalAnswers).OrderBy(p => p.Id).ToListAsync(ct);
        string[] columns = ["participant", "expo_first", "round", "useful", "expectation", "useful_model", "expectation_model", "useful_why", "expectation_why", "comments", "answered_utc"];
        return (columns, all.SelectMany(p =>
        {
            var id = StudyRecords.Pseudonym(p.TokenHash);
            string first = p.ExpoFirst ? "true" : "false";
            var rows = p.Rounds.Where(r => r.Useful is not null && r.Expectation is not null).OrderBy(r => r.Number).Select(r => new string?[]
            {
                id, first, r.Number.ToString(CultureInfo.InvariantCulture), Code(r.Useful!.Value), Code(r.Expectation!.Value),
                Model(p.ExpoFirst, r.Useful.Value), Model(p.ExpoFirst, r.Expectation.Value), null, null, null, Time(r.AnsweredUtc),
            });
            return p.FinalAnswers is { } f
                ? rows.Append([id, first, "final", Code(f.Useful), Code(f.Expectation), Model(p.ExpoFirst, f.Useful), Model(p.ExpoFirst, f.Expectation),
                    f.UsefulWhy, f.ExpectationWhy, f.Comments, Time(f.SubmittedUtc)])
                : rows;
        }));
    }

    static async Task WriteCsvAsync(Stream body, string[] columns, IEnumerable<string?[]> rows)
    {
        await using var text = new StreamWriter(body, leaveOpen: true);
        await using var csv = new CsvWriter(text, CultureInfo.InvariantCulture);
        foreach (var c in columns) csv.WriteField(c);
        await csv.NextRecordAsync();
        foreach (var row in rows)
        {
            foreach (var v in row) csv.WriteField(v ?? "");
            await csv.NextRecordAsync();
        }
    }

    static async Task WriteJsonAsync(Stream body, string[] columns, IEnumerable<string?[]> rows, CancellationToken ct)
    {
        var array = new JsonArray(rows.Select(row =>
        {
            var o = new JsonObject();
            for (int i = 0; i < columns.Length; i++) o[columns[i]] = row[i];
            return (JsonNode)o;
        }).ToArray());
        await JsonSerializer.SerializeAsync(body, array, cancellationToken: ct);
    }
}
