using ExpO.Server.Data;
using ExpO.Server.Study.Keys;
using ExpO.Shared.Study.Contracts;
using ExpO.StudyData;
using ExpO.StudyData.Entities;
using Microsoft.EntityFrameworkCore;

namespace ExpO.Server.Study.Steps;

/// <summary>
/// Reading and changing one participant: load by token, apply a change, write it (one SaveChanges) before the answer,
/// and re-run the change on fresh state when another request got there first (the Version token). Steps, the hot
/// path, have their own writer (<see cref="StepService"/>).
/// </summary>
public sealed class ParticipantStore(StudyDbContext db, StudyViews views, WriteGate writeGate, ParticipantCache cache, ILogger<ParticipantStore> log)
{
    const int Attempts = 4;

    /// <summary>Unknown token: a wrong link, or a page left open after the study was opened again (which gave a new token).</summary>
    public const string UnknownLink = "This study link is not valid. If you opened the study again from your study link, please continue on that newer page.";

    public static string TokenHashOf(string token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 100) throw StudyProblemException.NotFound("This study link is not valid.");
        return ParticipantKeys.TokenHash(token);
    }

    /// <summary>The participant with its current round (and optionally one more) and their conditions: all a request needs.</summary>
    public async Task<Participant> LoadAsync(string tokenHash, CancellationToken ct, int alsoRound = 0)
    {
        // One connection for the whole request instead of one per query (closed when the context is returned).
        await db.Database.OpenConnectionAsync(ct);
        var p = await db.Participants.FirstOrDefaultAsync(p => p.TokenHash == tokenHash, ct)
            ?? throw StudyProblemException.NotFound(UnknownLink);
        // Tracked, so EF attaches the rounds to p.Rounds.
        await db.Rounds.Include(r => r.Conditions)
            .Where(r => r.ParticipantId == p.Id && (r.Number == p.CurrentRound || r.Number == alsoRound)).LoadAsync(ct);
        // The completion page summarizes the final answers (MTurk submit fields).
        if (p.Stage == Shared.Study.StudyStage.Complete) await db.Entry(p).Reference(x => x.FinalAnswers).LoadAsync(ct);
        return p;
    }

    public async Task<ParticipantState> StateAsync(string token, CancellationToken ct)
    {
        var p = await LoadAsync(TokenHashOf(token), ct);
        var state = views.State(p, token);
        db.ChangeTracker.Clear();
        cache.Put(p); // a resumed participant's next step needs no read; from here another request may take it
        return state;
    }

    /// <summary>The current state of a participant, for a refusal to carry (read fresh, nothing cached).</summary>
    public async Task<ParticipantState> FreshStateAsync(string token, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        var state = views.State(await LoadAsync(TokenHashOf(token), ct), token);
        db.ChangeTracker.Clear();
        return state;
    }

    /// <summary>
    /// Applies a change and writes it before answering. A refusal from the change (a <see cref="StudyProblemException"/>) is
    /// answered with the participant's current state, so the client can show where they really are.
    /// </summary>
    public async Task<ParticipantState> ChangeAsync(string token, int alsoRound, Action<Participant> change, CancellationToken ct)
    {
        var hash = TokenHashOf(token);
        cache.Forget(hash); // this request changes the participant; the cached copy would only fail its Version check
        for (int attempt = 1; ; attempt++)
        {
            var p = await LoadAsync(hash, ct, alsoRound);
            try { change(p); }
            catch (StudyProblemException problem) when (problem.Status == StatusCodes.Status409Conflict)
            {
                db.ChangeTracker.Clear();
                throw problem.WithState(await FreshStateAsync(token, ct));
            }
            if (db.ChangeTracker.HasChanges()) p.Version++;
            try
            {
                using (await writeGate.EnterAsync(ct)) await db.SaveChangesAsync(ct);
                // The change may have moved the participant on to a round not loaded yet.
                if (!p.Rounds.Any(r => r.Number == p.CurrentRound))
                    await db.Rounds.Include(r => r.Conditions).Where(r => r.ParticipantId == p.Id && r.Number == p.CurrentRound).LoadAsync(ct);
                var state = views.State(p, token);
                db.ChangeTracker.Clear();
                cache.Put(p); // the next step starts from here without a read; from here another request may take it
                return state;
            }
            catch (DbUpdateException e)
            {
                ExpectedRace.Log(log, "participant change", e);
                if (attempt >= Attempts) throw StudyProblemException.Busy();
                db.ChangeTracker.Clear();
            }
        }
    }
}
