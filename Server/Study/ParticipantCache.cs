using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using ExpO.Migrations.Entities;
using ExpO.Shared.Study;

namespace ExpO.Server.Study;

/// <summary>
/// Recently active participants as detached entity graphs (the participant with its current round and conditions),
/// so a step needs no read. It is only a guess: every write checks the participant's stored Version, so a stale entry
/// (another request or another server instance got there first) costs one retry on the stored state, never a wrong
/// write. A request takes the entry out while it works on it and puts the result back after the commit.
/// </summary>
public sealed class ParticipantCache
{
    /// <summary>Far above any study's live participants; reaching it empties the cache rather than tracking age.</summary>
    public const int MaxEntries = 20_000;

    readonly ConcurrentDictionary<string, Participant> _entries = new();

    public bool TryTake(string tokenHash, [NotNullWhen(true)] out Participant? participant) =>
        _entries.TryRemove(tokenHash, out participant);

    /// <summary>Keeps a participant that is not tracked by any context; the newer Version wins a race.</summary>
    public void Put(Participant participant)
    {
        if (participant.Stage == StudyStage.Complete)
        {
            Forget(participant.TokenHash); // takes no more steps
            return;
        }
        if (_entries.Count >= MaxEntries) _entries.Clear();
        _entries.AddOrUpdate(participant.TokenHash, participant, (_, old) => old.Version > participant.Version ? old : participant);
    }

    public void Forget(string tokenHash) => _entries.TryRemove(tokenHash, out _);
}
