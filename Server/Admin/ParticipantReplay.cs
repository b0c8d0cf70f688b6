using ExpO.Server.Analysis;
using ExpO.Server.Study.Steps;
using ExpO.Shared.Study;
using ExpO.StudyData;
using Microsoft.EntityFrameworkCore;

namespace ExpO.Server.Admin;

/// <summary>One click as the replay shows it: what was pressed, what the explanation promised, what the price did.</summary>
public sealed record ReplayStep(int Number, int Item, Direction Direction, double PromisedDollars, double PriceBefore, double PriceAfter, bool Done);

/// <summary>One side of a round: its model, start price, target range and every click.</summary>
public sealed record ReplaySide(Condition Side, string Model, double StartPrice, double TargetLow, double TargetHigh, IReadOnlyList<ReplayStep> Steps);

public sealed record ReplayRound(int Number, ReplaySide A, ReplaySide B, Preference? Useful, Preference? Expectation);

/// <summary>The answers at the end, as given (A/B through the participant's order), with their reasons.</summary>
public sealed record ReplayFinalAnswers(Preference Useful, Preference Expectation, string UsefulWhy, string ExpectationWhy, string? Comments);

/// <summary>The device at entry: its class, window size and main input.</summary>
public sealed record ReplayDevice(DeviceClass Class, int? Width, int? Height, InputKind Input);

/// <summary>A participant's study, step by step, from the stored rows alone (no model is run).</summary>
public sealed record ParticipantReplayView(string Id, RecruitmentSource Source, bool ExpoFirst, StudyStage Stage, IReadOnlyList<ReplayRound> Rounds)
{
    public ReplayFinalAnswers? Final { get; init; }
    public ReplayDevice Device { get; init; } = new(DeviceClass.Unknown, null, null, InputKind.Unknown);
    /// <summary>Every researcher's decision to leave them out or take them back, oldest first; the last is in force.</summary>
    public IReadOnlyList<ExclusionView> Exclusions { get; init; } = [];
    public bool Excluded => Exclusions.Count > 0 && Exclusions[^1].Excluded;
}

/// <summary>Builds replays: every StepLog row holds the prices and the explanation shown, so this only converts units
/// (as the participant's page does, through <see cref="StudyViews"/>).</summary>
public sealed class ParticipantReplay(StudyDbContext db, StudyViews views, ParticipantExclusions exclusions)
{
    /// <summary>The replay of the participant with this pseudonym, or null.</summary>
    public async Task<ParticipantReplayView?> FindAsync(string pseudonym, CancellationToken ct)
    {
        if (pseudonym.Length != 12) return null;
        var p = await db.Participants.AsNoTracking().AsSplitQuery().Include(x => x.Rounds).ThenInclude(r => r.Conditions)
            .Include(x => x.FinalAnswers).FirstOrDefaultAsync(x => x.Pseudonym == pseudonym, ct);
        if (p is null) return null;
        var steps = await db.Steps.AsNoTracking().Where(s => s.ParticipantId == p.Id)
            .OrderBy(s => s.Round).ThenBy(s => s.Condition).ThenBy(s => s.StepNumber).ToListAsync(ct);
        var study = views.StudyOf(p);
        ReplaySide Side(StudyData.Entities.Round r, Condition side)
        {
            var c = r.Conditions.Single(x => x.Slot == side);
            var clicks = steps.Where(s => s.Round == r.Number && s.Condition == side).Select(s => new ReplayStep(
                s.StepNumber, s.Item, s.Direction,
                StudyViews.ItemChange(study, s.ExplanationShown.Coefficients[s.Item - 1], p.Settings),
                study.Display(s.PredictionBefore), study.Display(s.PredictionAfter), s.Done)).ToList();
            var (low, high) = StudyViews.TargetRange(study, c.Target, p.Settings);
            return new ReplaySide(side, c.ModelName, study.Display(c.StartPrediction), low, high, clicks);
        }
        return new ParticipantReplayView(p.Pseudonym, p.Source, p.ExpoFirst, p.Stage,
            p.Rounds.OrderBy(r => r.Number).Select(r => new ReplayRound(r.Number, Side(r, Condition.A), Side(r, Condition.B), r.Useful, r.Expectation)).ToList())
        {
            Final = p.FinalAnswers is { } f ? new ReplayFinalAnswers(f.Useful, f.Expectation, f.UsefulWhy, f.ExpectationWhy, f.Comments) : null,
            Device = new ReplayDevice(p.Device, p.ViewportWidth, p.ViewportHeight, p.Input),
            Exclusions = await exclusions.HistoryAsync(p.Pseudonym, ct),
        };
    }
}
