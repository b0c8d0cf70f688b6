using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using ExpO.Shared.Study;
using ExpO.StudyData.Entities;

namespace ExpO.Server.Study.Steps;

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
    // Kept beside the dictionary because its Count takes every bucket lock (about 16 µs at 20,000 entries, blocking
    // every other request meanwhile), too costly once per step.
    int _count;

    public bool TryTake(string tokenHash, [NotNullWhen(true)] out Participant? participant)
    {
        if (!_entries.TryRemove(tokenHash, out participant)) return false;
        Interlocked.Decrement(ref _count);
        return true;
    }

    /// <summary>Keeps a participant that is not tracked by any context; the newer Version wins a race.</summary>
    public void Put(Participant participant)
    {
        if (participant.Stage == StudyStage.Complete)
        {
            Forget(participant.TokenHash); // takes no more steps
            return;
        }
        if (Volatile.Read(ref _count) >= MaxEntries)
        {
            lock (_entries)
            {
                _entries.Clear();
                Volatile.Write(ref _count, _entries.Count); // requests may have added since the clear
            }
        }
        while (true)
        {
            if (_entries.TryAdd(participant.TokenHash, participant))
            {
                Interlocked.Increment(ref _count);
                return;
            }
            if (_entries.TryGetValue(participant.TokenHash, out var old)
                && (old.Version > participant.Version || _entries.TryUpdate(participant.TokenHash, participant, old)))
                return;
            // The entry was taken or replaced meanwhile: try again.
        }
    }

    public void Forget(string tokenHash) => TryTake(tokenHash, out _);
}
