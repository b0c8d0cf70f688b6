using System.Threading.Channels;
using ExpO.StudyData;

namespace ExpO.Server.Data;

/// <summary>
/// Group commit for the hot write path (steps): changes queued by many requests are written in one transaction, each
/// in its own savepoint, so one commit (one fsync on SQLite) serves them all. A caller's task completes only after that
/// commit, so nothing is answered before it is on disk. A unit that fails (a Version conflict, a duplicate step) is
/// rolled back to its savepoint and fails alone; a failed commit fails every unit of the batch.
/// </summary>
public sealed class GroupCommitter(IServiceScopeFactory scopes, WriteGate gate, ILogger<GroupCommitter> log) : BackgroundService
{
    /// <summary>Bounds one transaction; more waiting units go into the next one.</summary>
    public const int MaxBatch = 128;

    readonly Channel<Unit> _queue = Channel.CreateUnbounded<Unit>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>
    /// Queues a unit of work: <paramref name="apply"/> runs on the writer's context (attach, then change, so change
    /// tracking sees exactly what changed) and is saved in the next batch. Completes once the batch is committed.
    /// </summary>
    public Task CommitAsync(Action<StudyDbContext> apply)
    {
        var unit = new Unit(apply);
        if (!_queue.Writer.TryWrite(unit)) throw new InvalidOperationException("The server is shutting down.");
        return unit.Done.Task;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Runs until the queue is completed at shutdown, so every queued unit is written (not abandoned on the token).
        var batch = new List<Unit>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync(CancellationToken.None))
        {
            using (await gate.EnterAsync(CancellationToken.None))
            {
                while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var unit)) batch.Add(unit);
                await WriteAsync(batch);
            }
            batch.Clear();
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        await base.StopAsync(cancellationToken);
    }

    async Task WriteAsync(List<Unit> batch)
    {
        var failures = new Exception?[batch.Count];
        try
        {
            using var scope = scopes.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<StudyDbContext>();
            await using var tx = await db.Database.BeginTransactionAsync();
            for (int i = 0; i < batch.Count; i++)
            {
                try
                {
                    batch[i].Apply(db);
                    await db.SaveChangesAsync(); // inside a transaction EF wraps this in a savepoint and rolls back to it on failure
                }
                catch (Exception e)
                {
                    failures[i] = e;
                }
                finally
                {
                    db.ChangeTracker.Clear();
                }
            }
            await tx.CommitAsync();
        }
        catch (Exception e)
        {
            log.LogError(e, "A group commit of {Units} units failed; none of them was written", batch.Count);
            for (int i = 0; i < batch.Count; i++) failures[i] ??= e;
        }
        for (int i = 0; i < batch.Count; i++)
        {
            if (failures[i] is { } failure) batch[i].Done.SetException(failure);
            else batch[i].Done.SetResult();
        }
    }

    sealed record Unit(Action<StudyDbContext> Apply)
    {
        // Callers continue on their own threads, not on the writer's.
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
