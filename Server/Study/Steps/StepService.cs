using System.Security.Cryptography;
using ExpO.Server.Data;
using ExpO.Server.Explanations;
using ExpO.Server.Studies;
using ExpO.Shared.Study;
using ExpO.Shared.Study.Contracts;
using ExpO.StudyData;
using ExpO.StudyData.Entities;
using Microsoft.EntityFrameworkCore;

namespace ExpO.Server.Study.Steps;

/// <summary>
/// A click, the hot path: checked by <see cref="StudyFlow"/> against the state it was made on, explained at the new
/// point, and written as a StepLog row with the side's new state before the answer. It starts from the
/// <see cref="ParticipantCache"/> (no read) and is written by the <see cref="GroupCommitter"/>; the participant's
/// Version makes a stale cache entry or a concurrent click on the other side fail alone and be decided again.
/// </summary>
public sealed class StepService(
    StudyDbContext db, ParticipantStore store, ExplanationService explanations, StudyViews views,
    GroupCommitter committer, ParticipantCache cache, TimeProvider time, ILogger<StepService> log)
{
    const int Attempts = 4;

    public async Task<StepResponse> StepAsync(string token, StepRequest request, CancellationToken ct)
    {
        Validate(request);
        var hash = ParticipantStore.TokenHashOf(token);
        for (int attempt = 1; ; attempt++)
        {
            // The first attempt trusts the cached state and reads nothing. Anything but success on it (a refusal, a
            // Version conflict, this step's id already stored) is decided again on the stored state.
            var p = attempt == 1 && cache.TryTake(hash, out var hit) ? hit : null;
            bool cached = p is not null;
            if (p is null)
            {
                p = await store.LoadAsync(hash, ct);
                db.ChangeTracker.Clear(); // detached: the writer attaches it to its own context
                var earlier = await db.Steps.AsNoTracking()
                    .FirstOrDefaultAsync(s => s.ParticipantId == p.Id && s.ClientStepId == request.ClientStepId, ct);
                if (earlier is not null) return await ReplayAsync(p, earlier, request, ct);
            }

            // The item's range depends on the study's data, so it is checked once the participant is known.
            var study = views.StudyOf(p);
            if (request.Item < 1 || request.Item > study.Dimensions) throw StudyProblemException.Invalid($"item must be between 1 and {study.Dimensions}.");
            var round = p.Rounds.SingleOrDefault(r => r.Number == p.CurrentRound);
            var condition = round?.Conditions.Single(c => c.Slot == request.Condition);
            var refusal = StudyFlow.CheckClick(new(p.Stage, p.CurrentRound), new(condition?.Steps ?? 0, condition?.Done ?? false),
                request.Round, request.StepsBefore);
            if (refusal != ClickRefusal.None)
            {
                if (cached) continue;
                throw StudyProblemException.Stale(Explain(refusal, request, p.CurrentRound)).WithState(views.State(p, token));
            }
            if (await TryApplyAsync(p, study, round!, condition!, request) is { } response)
            {
                cache.Put(p); // from here another request may take it
                return response;
            }
            if (attempt >= Attempts) throw StudyProblemException.Busy();
        }
    }

    /// <summary>Applies the click and writes it; null when another request changed this participant first.</summary>
    async Task<StepResponse?> TryApplyAsync(Participant p, StudyRuntime study, Round round, ConditionState condition, StepRequest request)
    {
        var settings = p.Settings;
        var before = condition.Point;
        double coefficient = condition.Explanation.Coefficients[request.Item - 1];
        var after = StudyRules.ApplyMove(before, request.Item - 1, coefficient, request.Direction, settings.StepSize);
        var explained = explanations.Explain(study, condition.ModelName, after, RandomNumberGenerator.GetInt32(int.MaxValue));
        var side = StudyFlow.AfterClick(new(condition.Steps, condition.Done), explained.Prediction, condition.Target, settings);
        var other = round.Conditions.Single(c => c.Slot != condition.Slot);
        var position = StudyFlow.AfterSides(new(p.Stage, p.CurrentRound), side, new(other.Steps, other.Done));
        bool roundFinished = position.Stage == StudyStage.RoundQuestions;
        var now = time.GetUtcNow().UtcDateTime;
        var step = new StepLog
        {
            ParticipantId = p.Id,
            Round = round.Number,
            Condition = condition.Slot,
            ModelName = condition.ModelName,
            StepNumber = side.Steps,
            Item = request.Item,
            Direction = request.Direction,
            CoefficientSign = StudyRules.CoefficientSign(coefficient),
            PointBefore = before,
            PointAfter = after,
            PredictionBefore = condition.Prediction,
            PredictionAfter = explained.Prediction,
            ExplanationShown = condition.Explanation,
            ExplanationAfter = explained.ToStored(),
            Done = side.Done,
            FinishedRound = roundFinished,
            ClientStepId = request.ClientStepId,
            ClientTimeUtc = request.ClientTime?.UtcDateTime,
            ServerTimeUtc = now,
        };
        try
        {
            await committer.CommitAsync(writer =>
            {
                // Attach first, then change: the writer's change tracking then updates exactly these columns, and
                // the incremented Version makes the update conditional on the Version this request started from.
                writer.Attach(p);
                writer.Steps.Add(step);
                condition.LastChange = explained.Prediction - condition.Prediction;
                condition.Point = after;
                condition.Prediction = explained.Prediction;
                condition.Explanation = step.ExplanationAfter;
                (condition.Steps, condition.Done) = side;
                if (side.Done) condition.FinishedUtc = now;
                if (roundFinished) round.FinishedUtc = now;
                (p.Stage, p.CurrentRound) = position;
                p.Version++;
            });
        }
        catch (DbUpdateException e)
        {
            // Another request changed this participant first, or this very step is already stored: the next
            // attempt reads the stored state, which also finds a concurrent duplicate and replays it.
            ExpectedRace.Log(log, "step", e);
            return null;
        }
        return new StepResponse(views.Condition(condition, p), roundFinished, p.Stage, p.CurrentRound);
    }

    static void Validate(StepRequest r)
    {
        if (r.ClientStepId == Guid.Empty) throw StudyProblemException.Invalid("clientStepId is required.");
        if (!Enum.IsDefined(r.Condition)) throw StudyProblemException.Invalid("condition must be \"A\" or \"B\".");
        if (!Enum.IsDefined(r.Direction)) throw StudyProblemException.Invalid("direction must be \"+\" or \"-\".");
        if (r.StepsBefore < 0) throw StudyProblemException.Invalid("stepsBefore must be the side's step count shown when clicking (0 or more).");
    }

    static string Explain(ClickRefusal refusal, StepRequest r, int currentRound) => refusal switch
    {
        ClickRefusal.NoRoundInProgress => "There is no round in progress.",
        ClickRefusal.StaleRound => $"Round {r.Round} is not the current round ({currentRound}).",
        ClickRefusal.SideDone => $"Condition {r.Condition} of this round is already finished.",
        _ => $"Condition {r.Condition} has moved on since this page showed it (another tab or device?). Here is where it stands now.",
    };

    /// <summary>
    /// The answer the step got the first time, rebuilt from its row. The same id with another click is refused: the
    /// client reused an id, and answering with the first click's result would hide that.
    /// </summary>
    async Task<StepResponse> ReplayAsync(Participant p, StepLog step, StepRequest request, CancellationToken ct)
    {
        if (step.Round != request.Round || step.Condition != request.Condition || step.Item != request.Item
            || step.Direction != request.Direction || step.StepNumber - 1 != request.StepsBefore)
            throw StudyProblemException.Conflict(StudyProblemTypes.IdReused, "This clientStepId was already used for a different click.");
        var target = await db.Conditions.AsNoTracking()
            .Where(c => c.Round!.ParticipantId == p.Id && c.Round.Number == step.Round && c.Slot == step.Condition)
            .Select(c => c.Target).SingleAsync(ct);
        var view = views.Condition(views.StudyOf(p), step.Condition, step.PredictionAfter, target, step.StepNumber, step.Done,
            step.PredictionAfter - step.PredictionBefore, step.ExplanationAfter.Coefficients, p.Settings);
        return new StepResponse(view, step.FinishedRound, p.Stage, p.CurrentRound);
    }
}

/// <summary>Explanations as the database keeps them.</summary>
public static class StoredExplanations
{
    public static StoredExplanation ToStored(this ExplainedPoint e) => new(e.Intercept, e.Coefficients, e.Score, e.Seed);
}
