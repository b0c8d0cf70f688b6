namespace ExpO.Server.Data;

/// <summary>
/// SQLite lets one connection write at a time, and waiting writers poll with sleeps (its busy handler), which makes
/// latency explode when many participants click at once. The gate queues this process's writers fairly instead (the
/// group committer holds it for a whole batch of steps).
/// With a server database (PostgreSQL, several instances) it is open: the database orders writers itself.
/// </summary>
public sealed class WriteGate(bool serialize)
{
    readonly SemaphoreSlim? _gate = serialize ? new SemaphoreSlim(1, 1) : null;

    public async Task<IDisposable> EnterAsync(CancellationToken ct)
    {
        if (_gate is null) return Open.Instance;
        await _gate.WaitAsync(ct);
        return new Release(_gate);
    }

    sealed class Release(SemaphoreSlim gate) : IDisposable
    {
        int _done;
        public void Dispose() { if (Interlocked.Exchange(ref _done, 1) == 0) gate.Release(); }
    }

    sealed class Open : IDisposable
    {
        public static readonly Open Instance = new();
        public void Dispose() { }
    }
}
