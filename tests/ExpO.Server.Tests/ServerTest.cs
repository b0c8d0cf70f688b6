using ExpO.Server.Data;
using ExpO.Shared.Study.Contracts;

namespace ExpO.Server.Tests;

/// <summary>A test class whose every test gets its own server on a fresh temporary SQLite file (or, where
/// <see cref="Provider"/> says so, a new PostgreSQL database).</summary>
public abstract class ServerTest : IDisposable
{
    StudyServerFactory? _server;

    /// <summary>The database the tests of this class run on; the participant API's suites run on both.</summary>
    protected virtual DatabaseProvider Provider => DatabaseProvider.Sqlite;

    protected StudyServerFactory Server => _server ??= new(provider: Provider);

    public void Dispose()
    {
        _server?.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>The API as the browser client calls it, over a new connection, without retries (tests see every answer).</summary>
    protected IStudyApi Api() => new StudyApiClient(Server.CreateClient(), attempts: 1);

    /// <summary>A new direct participant, through consent and instructions to round 1.</summary>
    protected async Task<SimulatedParticipant> StartedAsync(int seed = 1)
    {
        var p = new SimulatedParticipant(Api(), new ClosestChangePolicy(), seed);
        await p.EnterDirectAsync();
        await p.ActAsync();
        await p.ActAsync();
        Assert.Equal(Shared.Study.StudyStage.Round, p.State.Stage);
        return p;
    }

    /// <summary>The researchers' name of the participant holding this token, as stored.</summary>
    protected async Task<string> PseudonymAsync(string token)
    {
        await using var db = Server.Db();
        var hash = Study.Keys.ParticipantKeys.TokenHash(token);
        return (await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(db.Participants, p => p.TokenHash == hash)).Pseudonym;
    }

    /// <summary>The click a participant would send on the state it shows, for tests that send it themselves.</summary>
    protected static StepRequest Click(SimulatedParticipant p, Shared.Study.Condition side, int item, Shared.Study.Direction direction, Guid? id = null) =>
        new(id ?? Guid.NewGuid(), p.State.Round!.Number, side, item, direction, p.State.Round[side].Steps, DateTimeOffset.UtcNow);
}
