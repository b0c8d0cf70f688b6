using System.Security.Cryptography;
using ExpO.Migrations;
using ExpO.Migrations.Entities;
using ExpO.Server.Data;
using ExpO.Server.Explanations;
using ExpO.Server.Models;
using ExpO.Shared.Contracts;
using ExpO.Shared.Study;
using Microsoft.EntityFrameworkCore;

namespace ExpO.Server.Study;

/// <summary>
/// Everything a participant can do, validated against the stored state. Each change is written (one SaveChanges,
/// one transaction or savepoint) before the answer is built. A participant's Version guards against two requests
/// changing the same state at once; the loser is re-run on the fresh state. Steps, the hot path, start from the
/// <see cref="ParticipantCache"/> and are written by the <see cref="GroupCommitter"/>.
/// </summary>
public sealed class StudyService(
    StudyDbContext db,
    ExplanationService explanations,
    ModelCatalog catalog,
    StudyViews views,
    ParticipantKeys keys,
    WriteGate writeGate,
    GroupCommitter committer,
    ParticipantCache cache,
    StudyOptions options,
    TimeProvider time)
{
    const string PreviewAssignment = "ASSIGNMENT_ID_NOT_AVAILABLE";
    const int Attempts = 4;

    StudySettings Settings => options.Settings;
    DateTime Now => time.GetUtcNow().UtcDateTime;

    // ---- entry ----------------------------------------------------------------------------------------------

    public async Task<EntryResponse> EnterAsync(EntryRequest request, CancellationToken ct)
    {
        var (source, externalId) = ValidateEntry(request);
        string? externalHash = externalId is null ? null : keys.ExternalIdHash(source, externalId);
        if (await KnownEntryAsync(request, source, externalHash, ct) is { } known) return known;

        // The expensive part (10 explanations) runs before the transaction so the write lock is held briefly.
        var starts = ChooseStartPoints();
        var initial = starts.Select(i => (Index: i,
            None: explanations.Explain(catalog.None.Bundle.Name, catalog.StartPoints[i], NewSeed()),
            Expo: explanations.Explain(catalog.Expo.Bundle.Name, catalog.StartPoints[i], NewSeed()))).ToArray();

        var salt = ParticipantKeys.NewSalt();
        for (int attempt = 1; ; attempt++)
        {
            using var gate = await writeGate.EnterAsync(ct);
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            bool agent = source == "agent";
            // Balanced assignment among started participants (humans and agents counted apart).
            int started = await db.Participants.CountAsync(p => (p.Source == "agent") == agent, ct);
            int expoFirst = await db.Participants.CountAsync(p => (p.Source == "agent") == agent && p.ExpoFirst, ct);
            bool order = 2 * expoFirst < started || (2 * expoFirst == started && RandomNumberGenerator.GetInt32(2) == 1);
            var participant = new Participant
            {
                TokenHash = ParticipantKeys.TokenHash(keys.Token(salt)),
                TokenSalt = salt,
                Source = source,
                ExternalIdHash = externalHash,
                AssignmentId = request.AssignmentId,
                HitId = request.HitId,
                TurkSubmitTo = source == "mturk" ? request.TurkSubmitTo : null,
                StudyId = request.StudyId,
                SessionId = request.SessionId,
                ClientEntryId = request.ClientEntryId == Guid.Empty ? null : request.ClientEntryId,
                ExpoFirst = order,
                Stage = StudyStage.Consent,
                CompletionCode = WebCode(),
                CreatedUtc = Now,
            };
            for (int r = 0; r < initial.Length; r++)
            {
                var (index, none, expo) = initial[r];
                var point = catalog.StartPoints[index].ToArray();
                var round = new Round { Number = r + 1, StartPointIndex = index, StartPoint = point };
                var (a, b) = order ? ((catalog.Expo, expo), (catalog.None, none)) : ((catalog.None, none), (catalog.Expo, expo));
                round.Conditions.Add(NewCondition("A", a.Item1, a.Item2, point));
                round.Conditions.Add(NewCondition("B", b.Item1, b.Item2, point));
                participant.Rounds.Add(round);
            }
            db.Participants.Add(participant);
            try
            {
                await db.SaveChangesAsync(ct);
                await tx.CommitAsync(ct);
                return new EntryResponse("started", keys.Token(salt), null);
            }
            catch (DbUpdateException)
            {
                await tx.RollbackAsync(ct);
                db.ChangeTracker.Clear();
                // A retry of this very entry may have created the participant meanwhile (unique ClientEntryId).
                if (await KnownEntryAsync(request, source, externalHash, ct) is { } created) return created;
                if (attempt >= Attempts) throw Busy();
            }
        }
    }

    /// <summary>The answer for someone who entered before: this same entry retried, or the same platform visit.</summary>
    async Task<EntryResponse?> KnownEntryAsync(EntryRequest request, string source, string? externalHash, CancellationToken ct)
    {
        if (request.ClientEntryId is { } entryId && entryId != Guid.Empty)
        {
            var same = await db.Participants.AsNoTracking().FirstOrDefaultAsync(p => p.ClientEntryId == entryId, ct);
            if (same is not null) return new EntryResponse("resumed", keys.Token(same.TokenSalt), null);
        }
        if (externalHash is null) return null;
        var earlier = await db.Participants.AsNoTracking()
            .Where(p => p.ExternalIdHash == externalHash).OrderByDescending(p => p.Id).FirstOrDefaultAsync(ct);
        if (earlier is null) return null;
        bool sameVisit = source == "mturk" ? earlier.AssignmentId == request.AssignmentId : earlier.SessionId == request.SessionId;
        if (sameVisit && earlier.Stage != StudyStage.Complete)
            return new EntryResponse("resumed", keys.Token(earlier.TokenSalt), null);
        if (!options.AllowRepeatParticipation)
            return new EntryResponse("already-participated", null,
                "Thank you for your interest! Our records show you have already taken part in this study, and each person can take part only once.");
        return null;
    }

    ConditionState NewCondition(string slot, LoadedModel model, ExplainedPoint start, double[] point) => new()
    {
        Slot = slot,
        ModelName = model.Bundle.Name,
        Point = point.ToArray(),
        StartPrediction = start.Prediction,
        Prediction = start.Prediction,
        Target = StudyRules.Target(start.Prediction, Settings),
        Explanation = start.Explanation,
    };

    (string Source, string? ExternalId) ValidateEntry(EntryRequest r)
    {
        switch (r.Source)
        {
            case "mturk":
                if (r.AssignmentId == PreviewAssignment)
                    throw StudyProblem.Conflict("This is a preview of the task. Accept the HIT to start.");
                Require(r.WorkerId, "workerId"); Require(r.AssignmentId, "assignmentId"); Require(r.HitId, "hitId"); Require(r.TurkSubmitTo, "turkSubmitTo");
                if (!options.SubmitHostsOrDefault().Any(h => string.Equals(r.TurkSubmitTo!.TrimEnd('/'), h.TrimEnd('/'), StringComparison.OrdinalIgnoreCase)))
                    throw StudyProblem.Invalid("turkSubmitTo is not a Mechanical Turk address this study accepts.");
                return ("mturk", r.WorkerId);
            case "prolific":
                Require(r.ProlificPid, "PROLIFIC_PID"); Require(r.StudyId, "STUDY_ID"); Require(r.SessionId, "SESSION_ID");
                return ("prolific", r.ProlificPid);
            case "direct":
            case "agent":
                return (r.Source, null);
            default:
                throw StudyProblem.Invalid("source must be mturk, prolific, direct or agent.");
        }
    }

    static void Require(string? value, string name)
    {
        if (string.IsNullOrWhiteSpace(value)) throw StudyProblem.Invalid($"{name} is missing.");
        if (value.Length > 200) throw StudyProblem.Invalid($"{name} is too long.");
    }

    /// <summary>A different start point per round; the last one is kept for the practice round.</summary>
    int[] ChooseStartPoints()
    {
        var pool = Enumerable.Range(0, catalog.StartPoints.Count - 1).ToArray();
        RandomNumberGenerator.Shuffle(pool.AsSpan());
        return pool[..Settings.Rounds];
    }

    static int NewSeed() => RandomNumberGenerator.GetInt32(int.MaxValue);

    static string WebCode() => Convert.ToHexString(RandomNumberGenerator.GetBytes(5));

    // ---- state and simple transitions -------------------------------------------------------------------------

    public async Task<ParticipantState> StateAsync(string token, CancellationToken ct)
    {
        var p = await LoadAsync(TokenHashOf(token), ct);
        var state = views.State(p);
        db.ChangeTracker.Clear();
        cache.Put(p); // a resumed participant's next step needs no read; from here another request may take it
        return state;
    }

    public Task<ParticipantState> ConsentAsync(string token, CancellationToken ct) => ChangeAsync(token, p =>
    {
        if (p.Stage != StudyStage.Consent) return; // already given: answering again changes nothing
        p.Stage = StudyStage.Instructions;
        p.ConsentedUtc = Now;
    }, ct);

    public Task<ParticipantState> FinishInstructionsAsync(string token, CancellationToken ct) => ChangeAsync(token, p =>
    {
        if (p.Stage == StudyStage.Consent) throw StudyProblem.Conflict("Please give your consent first.");
        if (p.Stage != StudyStage.Instructions) return;
        p.Stage = StudyStage.Round;
        p.CurrentRound = 1;
    }, ct);

    public Task<ParticipantState> AnswerRoundAsync(string token, RoundAnswersRequest request, CancellationToken ct)
    {
        if (!StudyRules.TryParsePreference(request.Useful, out var useful) || !StudyRules.TryParsePreference(request.Expectation, out var expectation))
            throw StudyProblem.Invalid("Answers must be \"A\", \"B\" or \"same\".");
        return ChangeAsync(token, request.Round, p =>
        {
            var round = p.Rounds.SingleOrDefault(r => r.Number == request.Round)
                ?? throw StudyProblem.Invalid($"There is no round {request.Round}.");
            if (round.AnsweredUtc is not null)
            {
                if (round.Useful == (int)useful && round.Expectation == (int)expectation) return; // a retry
                throw StudyProblem.Conflict($"Round {request.Round} has already been answered.");
            }
            if (p.Stage != StudyStage.RoundQuestions || p.CurrentRound != request.Round)
                throw StudyProblem.Conflict($"Round {request.Round} is not waiting for answers.");
            round.Useful = (int)useful;
            round.Expectation = (int)expectation;
            round.AnsweredUtc = Now;
            if (p.CurrentRound < Settings.Rounds) { p.CurrentRound++; p.Stage = StudyStage.Round; }
            else p.Stage = StudyStage.Final;
        }, ct);
    }

    public Task<ParticipantState> AnswerFinalAsync(string token, FinalAnswersRequest request, CancellationToken ct)
    {
        if (!StudyRules.TryParsePreference(request.Useful, out var useful) || !StudyRules.TryParsePreference(request.Expectation, out var expectation))
            throw StudyProblem.Invalid("Answers must be \"A\", \"B\" or \"same\".");
        string usefulWhy = Text(request.UsefulWhy, "usefulWhy", AnswerLimits.WhyMaxLength, required: true)!;
        string expectationWhy = Text(request.ExpectationWhy, "expectationWhy", AnswerLimits.WhyMaxLength, required: true)!;
        string? comments = Text(request.Comments, "comments", AnswerLimits.CommentsMaxLength, required: false);
        return ChangeAsync(token, p =>
        {
            if (p.Stage == StudyStage.Complete) return; // a retry: the answers are already saved
            if (p.Stage != StudyStage.Final) throw StudyProblem.Conflict("The final questions come after the last round.");
            p.FinalAnswers = new FinalAnswers
            {
                Useful = (int)useful, UsefulWhy = usefulWhy, Expectation = (int)expectation, ExpectationWhy = expectationWhy,
                Comments = comments, SubmittedUtc = Now,
            };
            p.Stage = StudyStage.Complete;
            p.CompletedUtc = Now;
        }, ct);
    }

    static string? Text(string? value, string name, int max, bool required)
    {
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text))
            return required ? throw StudyProblem.Invalid($"{name} needs a few words.") : null;
        if (text.Length > max) throw StudyProblem.Invalid($"{name} is longer than {max} characters.");
        return text;
    }

    // ---- steps ----------------------------------------------------------------------------------------------

    public async Task<StepResponse> StepAsync(string token, StepRequest request, CancellationToken ct)
    {
        if (request.ClientStepId == Guid.Empty) throw StudyProblem.Invalid("clientStepId is required.");
        if (!StudyRules.IsCondition(request.Condition)) throw StudyProblem.Invalid("condition must be \"A\" or \"B\".");
        if (request.Item < 1 || request.Item > catalog.Dimensions) throw StudyProblem.Invalid($"item must be between 1 and {catalog.Dimensions}.");
        if (!StudyRules.TryParseDirection(request.Direction, out var direction)) throw StudyProblem.Invalid("direction must be \"+\" or \"-\".");
        var hash = TokenHashOf(token);

        for (int attempt = 1; ; attempt++)
        {
            // The first attempt trusts the cached state and reads nothing. Anything but success on it (a refusal, a
            // Version conflict, this step's id already stored) is decided again on the stored state.
            var p = attempt == 1 && cache.TryTake(hash, out var hit) ? hit : null;
            bool cached = p is not null;
            if (p is null)
            {
                p = await LoadAsync(hash, ct);
                db.ChangeTracker.Clear(); // detached: the writer attaches it to its own context
                var earlier = await db.Steps.AsNoTracking()
                    .FirstOrDefaultAsync(s => s.ParticipantId == p.Id && s.ClientStepId == request.ClientStepId, ct);
                if (earlier is not null) return await ReplayAsync(p, earlier, ct);
            }

            var refusal = StepRefusal(p, request);
            if (refusal is not null)
            {
                if (cached) continue;
                throw refusal;
            }
            var round = p.Rounds.Single(r => r.Number == p.CurrentRound);
            var condition = round.Conditions.Single(c => c.Slot == request.Condition);
            var before = condition.Point;
            double coefficient = condition.Explanation.Coefficients[request.Item - 1];
            var after = StudyRules.ApplyMove(before, request.Item - 1, coefficient, direction, Settings.StepSize);
            var explained = explanations.Explain(condition.ModelName, after, NewSeed());
            bool done = StudyRules.IsDone(explained.Prediction, condition.Target, Settings);
            var now = Now;
            var step = new StepLog
            {
                ParticipantId = p.Id,
                Round = round.Number,
                Condition = condition.Slot,
                ModelName = condition.ModelName,
                StepNumber = condition.Steps + 1,
                Item = request.Item,
                Direction = (int)direction,
                CoefficientSign = StudyRules.CoefficientSign(coefficient),
                PointBefore = before,
                PointAfter = after,
                PredictionBefore = condition.Prediction,
                PredictionAfter = explained.Prediction,
                ExplanationShown = condition.Explanation,
                ExplanationAfter = explained.Explanation,
                Done = done,
                ClientStepId = request.ClientStepId,
                ClientTimeUtc = request.ClientTime?.UtcDateTime,
                ServerTimeUtc = now,
            };
            bool roundFinished = false;
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
                    condition.Explanation = explained.Explanation;
                    condition.Steps++;
                    if (done) { condition.Done = true; condition.FinishedUtc = now; }
                    roundFinished = round.Conditions.All(c => c.Done);
                    if (roundFinished) { round.FinishedUtc = now; p.Stage = StudyStage.RoundQuestions; }
                    p.Version++;
                });
            }
            catch (DbUpdateException)
            {
                // Another request changed this participant first, or this very step is already stored: the next
                // attempt reads the stored state, which also finds a concurrent duplicate and replays it.
                if (attempt >= Attempts) throw Busy();
                continue;
            }
            var response = new StepResponse(views.Condition(condition), roundFinished, p.Stage, p.CurrentRound);
            cache.Put(p); // from here another request may take it
            return response;
        }
    }

    /// <summary>Why this step cannot be taken in this state, or null when it can.</summary>
    static StudyProblem? StepRefusal(Participant p, StepRequest request)
    {
        if (p.Stage != StudyStage.Round) return StudyProblem.Conflict("There is no round in progress.");
        if (request.Round != p.CurrentRound) return StudyProblem.Conflict($"Round {request.Round} is not the current round ({p.CurrentRound}).");
        var condition = p.Rounds.Single(r => r.Number == p.CurrentRound).Conditions.Single(c => c.Slot == request.Condition);
        return condition.Done ? StudyProblem.Conflict($"Condition {request.Condition} of this round is already finished.") : null;
    }

    /// <summary>The answer the step got the first time, rebuilt from its row.</summary>
    async Task<StepResponse> ReplayAsync(Participant p, StepLog step, CancellationToken ct)
    {
        var round = p.Rounds.SingleOrDefault(r => r.Number == step.Round)
            ?? await db.Rounds.Include(r => r.Conditions).SingleAsync(r => r.ParticipantId == p.Id && r.Number == step.Round, ct);
        var condition = round.Conditions.Single(c => c.Slot == step.Condition);
        var view = views.Condition(step.Condition, step.PredictionAfter, condition.Target, step.StepNumber, step.Done,
            step.PredictionAfter - step.PredictionBefore, step.ExplanationAfter.Coefficients);
        // The step that finished the round stamped the round with its own time (see StepAsync).
        bool roundFinished = round.FinishedUtc == step.ServerTimeUtc;
        return new StepResponse(view, roundFinished, p.Stage, p.CurrentRound);
    }

    // ---- practice (not recorded) ------------------------------------------------------------------------------

    public async Task<PracticeResponse> PracticeAsync(string token, PracticeRequest request, CancellationToken ct)
    {
        await LoadAsync(TokenHashOf(token), ct); // only participants may use the model
        var start = catalog.StartPoints[^1].ToArray();
        var point = request.Point?.ToArray() ?? start;
        if (point.Length != catalog.Dimensions || point.Any(v => !double.IsFinite(v) || Math.Abs(v) > 100))
            throw StudyProblem.Invalid($"point must have {catalog.Dimensions} finite values.");
        var model = catalog.None.Bundle.Name;
        var startExplained = explanations.Explain(model, start, seed: 0);
        double target = StudyRules.Target(startExplained.Prediction, Settings);
        var current = explanations.Explain(model, point, seed: 0);
        double? lastChange = null;
        if (request.Item != 0)
        {
            if (request.Item < 1 || request.Item > catalog.Dimensions) throw StudyProblem.Invalid($"item must be between 1 and {catalog.Dimensions} (0 to just look).");
            if (!StudyRules.TryParseDirection(request.Direction, out var direction)) throw StudyProblem.Invalid("direction must be \"+\" or \"-\".");
            point = StudyRules.ApplyMove(point, request.Item - 1, current.Explanation.Coefficients[request.Item - 1], direction, Settings.StepSize);
            var next = explanations.Explain(model, point, seed: 0);
            lastChange = next.Prediction - current.Prediction;
            current = next;
        }
        var view = views.Condition("Practice", current.Prediction, target, 0, StudyRules.IsDone(current.Prediction, target, Settings),
            lastChange, current.Explanation.Coefficients);
        return new PracticeResponse(point, view);
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    static string TokenHashOf(string token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 100) throw StudyProblem.NotFound("This study link is not valid.");
        return ParticipantKeys.TokenHash(token);
    }

    /// <summary>The participant with its current round (and optionally one more) and their conditions: all a request needs.</summary>
    async Task<Participant> LoadAsync(string tokenHash, CancellationToken ct, int alsoRound = 0)
    {
        // One connection for the whole request instead of one per query (closed when the context is returned).
        await db.Database.OpenConnectionAsync(ct);
        var p = await db.Participants.FirstOrDefaultAsync(p => p.TokenHash == tokenHash, ct)
            ?? throw StudyProblem.NotFound("This study link is not valid. Please use the link you were given.");
        // Tracked, so EF attaches the rounds to p.Rounds.
        await db.Rounds.Include(r => r.Conditions)
            .Where(r => r.ParticipantId == p.Id && (r.Number == p.CurrentRound || r.Number == alsoRound)).LoadAsync(ct);
        return p;
    }

    Task<ParticipantState> ChangeAsync(string token, Action<Participant> change, CancellationToken ct) => ChangeAsync(token, 0, change, ct);

    async Task<ParticipantState> ChangeAsync(string token, int alsoRound, Action<Participant> change, CancellationToken ct)
    {
        var hash = TokenHashOf(token);
        cache.Forget(hash); // this request changes the participant; the cached copy would only fail its Version check
        for (int attempt = 1; ; attempt++)
        {
            var p = await LoadAsync(hash, ct, alsoRound);
            change(p);
            if (db.ChangeTracker.HasChanges()) p.Version++;
            try
            {
                using (await writeGate.EnterAsync(ct)) await db.SaveChangesAsync(ct);
                // The change may have moved the participant on to a round not loaded yet.
                if (!p.Rounds.Any(r => r.Number == p.CurrentRound))
                    await db.Rounds.Include(r => r.Conditions).Where(r => r.ParticipantId == p.Id && r.Number == p.CurrentRound).LoadAsync(ct);
                var state = views.State(p);
                db.ChangeTracker.Clear();
                cache.Put(p); // the next step starts from here without a read; from here another request may take it
                return state;
            }
            catch (DbUpdateException)
            {
                if (attempt >= Attempts) throw Busy();
                db.ChangeTracker.Clear();
            }
        }
    }

    static StudyProblem Busy() => StudyProblem.Conflict("The study was busy with another request of yours. Please try again.");
}
