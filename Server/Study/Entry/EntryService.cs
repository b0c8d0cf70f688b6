using System.Security.Cryptography;
using ExpO.Server.Data;
using ExpO.Server.Explanations;
using ExpO.Server.Models;
using ExpO.Server.Studies;
using ExpO.Server.Study.Keys;
using ExpO.Server.Study.Settings;
using ExpO.Server.Study.Steps;
using ExpO.Shared.Study;
using ExpO.Shared.Study.Contracts;
using ExpO.StudyData;
using ExpO.StudyData.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ExpO.Server.Study.Entry;

/// <summary>
/// Entry: a new participant with balanced order and their rounds, or the one this link or this retried entry
/// created before. Refuses only a person who took part with a different assignment or session. The database keeps
/// only a token's hash, so someone who comes back gets a new token and the old one stops working.
/// </summary>
public sealed class EntryService(
    StudyDbContext db, ExplanationService explanations, StudyCatalog studies, ParticipantKeys keys, WriteGate writeGate,
    ParticipantCache cache, StudySettingsStore settings, IOptions<StudyOptions> options, TimeProvider time, ILogger<EntryService> log)
{
    const int Attempts = 4;

    /// <summary>
    /// The participant this link or entry already made (with a new token), or null for someone new. Refuses (a
    /// <see cref="StudyProblemException"/>) what entering would refuse: a preview, a bad link, a person who took part before.
    /// </summary>
    /// <param name="study">The study the link is for.</param>
    /// <param name="current">Its settings in force (their repeat rule), which the caller has read already.</param>
    public async Task<EntryResponse?> FindAsync(EntryRequest request, StudyRuntime study, StudySettingsView current, CancellationToken ct)
    {
        var (source, externalHash) = Identify(request);
        return await KnownEntryAsync(request, study, source, externalHash, current, ct);
    }

    /// <summary>The study an entry names (none: the default study), or a 404 that says there is none of that name.</summary>
    public async Task<StudyRuntime> StudyAsync(string? name, CancellationToken ct) =>
        await studies.FindAsync(name, ct) ?? throw StudyProblemException.NotFound(NoSuchStudy);

    public Task<EntryResponse> EnterAsync(EntryRequest request, CancellationToken ct) => EnterAsync(request, evenIfClosed: false, ct);

    /// <param name="evenIfClosed">A researcher's preview of a closed study (the caller leaves the participant out of the analysis).</param>
    public async Task<EntryResponse> EnterAsync(EntryRequest request, bool evenIfClosed, CancellationToken ct)
    {
        var (source, externalHash) = Identify(request);
        var study = await StudyAsync(request.Study, ct);
        var current = await settings.CurrentAsync(study.Id, ct);
        if (await KnownEntryAsync(request, study, source, externalHash, current, ct) is { } known) return known;
        // Closed stops new participants only: anyone who entered before resumes above. Simulated participants may
        // still enter, so a study can be tried before it opens (they never count among the people analysed).
        if (!current.Open && source != RecruitmentSource.Agent && !evenIfClosed) throw StudyProblemException.Conflict(StudyProblemTypes.Closed, ClosedMessage);

        // The expensive part (10 explanations) runs before the transaction so the write lock is held briefly.
        var starts = ChooseStartPoints(study, current.Protocol.Rounds);
        var initial = starts.Select(i => (Index: i,
            Control: explanations.Explain(study, study.Control.Bundle.Name, study.StartPoints[i], NewSeed()),
            Treatment: explanations.Explain(study, study.Treatment.Bundle.Name, study.StartPoints[i], NewSeed()))).ToArray();

        var token = ParticipantKeys.NewToken();
        for (int attempt = 1; ; attempt++)
        {
            if (await TryCreateAsync(request, study, source, externalHash, token, initial, current, ct))
            {
                if (source == RecruitmentSource.Prolific && current.ProlificCompletionCode.Length == 0)
                    log.LogWarning("{Warning}", ProlificCodeCheck.EntryWarning);
                return new EntryResponse(EntryOutcome.Started, token);
            }
            // A retry of this very entry may have created the participant meanwhile (unique ClientEntryId).
            if (await KnownEntryAsync(request, study, source, externalHash, current, ct) is { } created) return created;
            if (attempt >= Attempts) throw StudyProblemException.Busy();
        }
    }

    /// <summary>One try at writing the new participant; false when a unique index refused it (nothing written).</summary>
    async Task<bool> TryCreateAsync(EntryRequest request, StudyRuntime study, RecruitmentSource source, string? externalHash, string token,
        (int Index, ExplainedPoint Control, ExplainedPoint Treatment)[] initial, StudySettingsView current, CancellationToken ct)
    {
        using var gate = await writeGate.EnterAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await StudyBalanceLock.TakeAsync(db, study.Id, ct);
        var treatmentFirst = await TreatmentFirstAsync(study, source, ct);
        db.Participants.Add(NewParticipant(request, study, source, externalHash, token, treatmentFirst, initial, current));
        try
        {
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return true;
        }
        catch (DbUpdateException e)
        {
            ExpectedRace.Log(log, "entry", e);
            await tx.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            return false;
        }
    }

    /// <summary>Balanced assignment among the study's started participants (humans and agents counted apart), inside the entry transaction.</summary>
    async Task<bool> TreatmentFirstAsync(StudyRuntime study, RecruitmentSource source, CancellationToken ct)
    {
        bool agent = source == RecruitmentSource.Agent;
        var theirs = db.Participants.Where(p => p.StudyDefinitionId == study.Id && (p.Source == RecruitmentSource.Agent) == agent);
        int started = await theirs.CountAsync(ct);
        int expoFirst = await theirs.CountAsync(p => p.ExpoFirst, ct);
        return 2 * expoFirst < started || (2 * expoFirst == started && RandomNumberGenerator.GetInt32(2) == 1);
    }

    Participant NewParticipant(EntryRequest request, StudyRuntime study, RecruitmentSource source, string? externalHash, string token, bool expoFirst,
        (int Index, ExplainedPoint Control, ExplainedPoint Treatment)[] initial, StudySettingsView current)
    {
        bool mturk = source == RecruitmentSource.Mturk, prolific = source == RecruitmentSource.Prolific;
        var participant = new Participant
        {
            StudyDefinitionId = study.Id,
            TokenHash = ParticipantKeys.TokenHash(token),
            Pseudonym = ParticipantKeys.NewPseudonym(),
            Source = source,
            ExternalIdHash = externalHash,
            // Only the link's own platform ids are kept; anything else a request carries is not ours to store.
            AssignmentIdHash = mturk ? keys.VisitHash(Platform(source), request.AssignmentId!) : null,
            HitId = mturk ? request.HitId : null,
            TurkSubmitTo = mturk ? request.TurkSubmitTo : null,
            StudyId = prolific ? request.StudyId : null,
            SessionIdHash = prolific ? keys.VisitHash(Platform(source), request.SessionId!) : null,
            ClientEntryId = request.ClientEntryId == Guid.Empty ? null : request.ClientEntryId,
            AgentLambda = source == RecruitmentSource.Agent ? request.AgentLambda : null,
            AgentSeed = source == RecruitmentSource.Agent ? request.AgentSeed : null,
            ExpoFirst = expoFirst,
            Stage = StudyFlow.Start.Stage,
            CurrentRound = StudyFlow.Start.Round,
            CompletionCode = Convert.ToHexString(RandomNumberGenerator.GetBytes(5)),
            SettingsVersionId = current.Id,
            Settings = current.Protocol,
            ProlificCompletionCode = prolific ? current.ProlificCompletionCode : "",
            CreatedUtc = time.GetUtcNow().UtcDateTime,
            Device = EntryDevice.Classify(request),
            ViewportWidth = request.ViewportWidth,
            ViewportHeight = request.ViewportHeight,
            Input = request.Input ?? InputKind.Unknown,
        };
        for (int r = 0; r < initial.Length; r++)
        {
            var (index, control, treatment) = initial[r];
            var point = study.StartPoints[index].ToArray();
            var round = new Round { Number = r + 1, StartPointIndex = index, StartPoint = point };
            var (a, b) = expoFirst ? ((study.Treatment, treatment), (study.Control, control)) : ((study.Control, control), (study.Treatment, treatment));
            round.Conditions.Add(NewCondition(Condition.A, a.Item1, a.Item2, point, current.Protocol));
            round.Conditions.Add(NewCondition(Condition.B, b.Item1, b.Item2, point, current.Protocol));
            participant.Rounds.Add(round);
        }
        return participant;
    }

    /// <summary>The answer for someone who entered before: this same entry retried, or the same platform visit.</summary>
    async Task<EntryResponse?> KnownEntryAsync(EntryRequest request, StudyRuntime study, RecruitmentSource source, string? externalHash,
        StudySettingsView current, CancellationToken ct)
    {
        if (request.ClientEntryId is { } entryId && entryId != Guid.Empty)
        {
            var same = await db.Participants.AsNoTracking().FirstOrDefaultAsync(p => p.ClientEntryId == entryId, ct);
            if (same is not null) return await ResumeAsync(same, ct);
        }
        if (externalHash is null) return null;
        var exclusive = await ExclusiveStudiesAsync(study, ct);
        var earlier = await db.Participants.AsNoTracking()
            .Where(p => p.ExternalIdHash == externalHash && (p.StudyDefinitionId == study.Id || exclusive.Contains(p.StudyDefinitionId)))
            .OrderByDescending(p => p.Id).ToListAsync(ct);
        // The same assignment or session is this person's own visit, finished or not: a reload after the last
        // answer must bring back the completion page, or they could not submit and be paid.
        var visit = keys.VisitHash(Platform(source), source == RecruitmentSource.Mturk ? request.AssignmentId! : request.SessionId!);
        var sameVisit = earlier.FirstOrDefault(p => p.StudyDefinitionId == study.Id
            && (source == RecruitmentSource.Mturk ? p.AssignmentIdHash : p.SessionIdHash) == visit);
        if (sameVisit is not null) return await ResumeAsync(sameVisit, ct);
        // A study that excludes another turns its participants away whatever its own repeat rule says.
        bool tookPart = current.AllowRepeatParticipation ? earlier.Any(p => p.StudyDefinitionId != study.Id) : earlier.Count > 0;
        if (tookPart)
        {
            // Kept (as the keyed hash only) so the dashboard can warn that people are being turned away.
            using (await writeGate.EnterAsync(ct))
            {
                db.RepeatRefusals.Add(new RepeatRefusal
                {
                    StudyDefinitionId = study.Id,
                    Source = source,
                    ExternalIdHash = externalHash,
                    AtUtc = time.GetUtcNow().UtcDateTime,
                });
                await db.SaveChangesAsync(ct);
            }
            throw StudyProblemException.Conflict(StudyProblemTypes.AlreadyParticipated, AlreadyTookPart(source));
        }
        return null;
    }

    /// <summary>
    /// The studies whose participants this one turns away: those it lists, and those that list it (exclusion works
    /// both ways, so the order in which two studies were created does not matter).
    /// </summary>
    async Task<List<long>> ExclusiveStudiesAsync(StudyRuntime study, CancellationToken ct)
    {
        var all = await db.Studies.AsNoTracking().Select(s => new { s.Id, s.Name, s.ExcludedStudies }).ToListAsync(ct);
        return all.Where(s => s.Id != study.Id
                && (study.ExcludedStudies.Contains(s.Name, StringComparer.OrdinalIgnoreCase) || s.ExcludedStudies.Contains(study.Name, StringComparer.OrdinalIgnoreCase)))
            .Select(s => s.Id).ToList();
    }

    /// <summary>
    /// The refusal of a second participation, with what to do on the platform: a worker who keeps a second MTurk
    /// assignment blocks it for others and may be rejected for it, so they are asked to return it.
    /// </summary>
    public static string AlreadyTookPart(RecruitmentSource source) =>
        "Thank you for your interest! Our records show you have already taken part in this study, and each person can take part only once. " +
        source switch
        {
            RecruitmentSource.Mturk => "Please return this HIT on Mechanical Turk (the \"Return\" button) so that someone else can take it; returning it has no effect on your approval rating.",
            RecruitmentSource.Prolific => "Please return this study on Prolific (\"Return submission\") so that someone else can take it.",
            _ => "You can close this page.",
        };

    /// <summary>
    /// A new token for someone who comes back: the old one cannot be handed out again (only its hash is kept). The
    /// Version bump makes any request still holding the old token's participant fail its write and find no one.
    /// </summary>
    async Task<EntryResponse> ResumeAsync(Participant p, CancellationToken ct)
    {
        var token = ParticipantKeys.NewToken();
        var hash = ParticipantKeys.TokenHash(token);
        using (await writeGate.EnterAsync(ct))
            await db.Participants.Where(x => x.Id == p.Id)
                .ExecuteUpdateAsync(u => u.SetProperty(x => x.TokenHash, hash).SetProperty(x => x.Version, x => x.Version + 1), ct);
        cache.Forget(p.TokenHash);
        return new EntryResponse(EntryOutcome.Resumed, token);
    }

    /// <summary>The platform's name in keyed hashes (as migration KeysOutsideDatabase writes it).</summary>
    static string Platform(RecruitmentSource source) => source.ToString().ToLowerInvariant();

    static ConditionState NewCondition(Condition slot, LoadedModel model, ExplainedPoint start, double[] point, StudySettings protocol) => new()
    {
        Slot = slot,
        ModelName = model.Bundle.Name,
        Point = point.ToArray(),
        StartPrediction = start.Prediction,
        Prediction = start.Prediction,
        Target = StudyRules.Target(start.Prediction, protocol),
        Explanation = start.ToStored(),
    };

    (RecruitmentSource Source, string? ExternalIdHash) Identify(EntryRequest request)
    {
        var (source, externalId) = Validate(request);
        return (source, externalId is null ? null : keys.ExternalIdHash(Platform(source), externalId));
    }

    static void Pixels(int? value, string name)
    {
        if (value is { } v && v is <= 0 or > EntryDevice.MaxPixels)
            throw StudyProblemException.Invalid($"{name} must be a whole number of pixels from 1 to {EntryDevice.MaxPixels}.");
    }

    (RecruitmentSource Source, string? ExternalId) Validate(EntryRequest r)
    {
        // Every field has a cap, whichever platform it belongs to: nothing unbounded reaches the database or the logs.
        Cap(r.WorkerId, "workerId"); Cap(r.AssignmentId, "assignmentId"); Cap(r.HitId, "hitId"); Cap(r.TurkSubmitTo, "turkSubmitTo");
        Cap(r.ProlificPid, "PROLIFIC_PID"); Cap(r.StudyId, "STUDY_ID"); Cap(r.SessionId, "SESSION_ID");
        Pixels(r.ViewportWidth, "viewportWidth"); Pixels(r.ViewportHeight, "viewportHeight");
        if (r.Input is { } input && !Enum.IsDefined(input)) throw StudyProblemException.Invalid("input must be touch or mouse.");
        switch (r.Source)
        {
            case RecruitmentSource.Mturk:
                if (EntryLink.IsPreview(r))
                    throw StudyProblemException.Conflict(StudyProblemTypes.Preview, "This is a preview of the task. Accept the HIT to start.");
                Require(r.WorkerId, "workerId"); Require(r.AssignmentId, "assignmentId"); Require(r.HitId, "hitId"); Require(r.TurkSubmitTo, "turkSubmitTo");
                if (!options.Value.SubmitHostsOrDefault().Any(h => string.Equals(r.TurkSubmitTo!.TrimEnd('/'), h.TrimEnd('/'), StringComparison.OrdinalIgnoreCase)))
                    throw StudyProblemException.Invalid("turkSubmitTo is not a Mechanical Turk address this study accepts.");
                return (r.Source, r.WorkerId);
            case RecruitmentSource.Prolific:
                Require(r.ProlificPid, "PROLIFIC_PID"); Require(r.StudyId, "STUDY_ID"); Require(r.SessionId, "SESSION_ID");
                return (r.Source, r.ProlificPid);
            case RecruitmentSource.Agent:
                if (r.AgentLambda is { } lambda && (!double.IsFinite(lambda) || lambda < 0))
                    throw StudyProblemException.Invalid("agentLambda must be a finite number of at least 0.");
                return (r.Source, null);
            case RecruitmentSource.Direct:
                return (r.Source, null);
            default:
                throw StudyProblemException.Invalid("source must be \"mturk\", \"prolific\", \"direct\" or \"agent\".");
        }
    }

    static void Cap(string? value, string name)
    {
        if (value?.Length > RequestLimits.IdMaxLength) throw StudyProblemException.Invalid($"{name} is longer than {RequestLimits.IdMaxLength} characters.");
    }

    static void Require(string? value, string name)
    {
        if (string.IsNullOrWhiteSpace(value)) throw StudyProblemException.Invalid($"{name} is missing.");
    }

    /// <summary>A different start point per round; the last one is kept for the practice round.</summary>
    static int[] ChooseStartPoints(StudyRuntime study, int rounds)
    {
        var pool = Enumerable.Range(0, study.StartPoints.Count - 1).ToArray();
        RandomNumberGenerator.Shuffle(pool.AsSpan());
        return pool[..rounds];
    }

    /// <summary>A study link whose name is no study's (mistyped, or a study that was never created here).</summary>
    public const string NoSuchStudy = "There is no study at this link. Please check the link you were given.";

    /// <summary>What someone new is told while the settings page has the study closed.</summary>
    public const string ClosedMessage = "Thank you for your interest! This study is not taking new participants at the moment.";

    static int NewSeed() => RandomNumberGenerator.GetInt32(int.MaxValue);
}
