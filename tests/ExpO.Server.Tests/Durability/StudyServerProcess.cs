using System.Collections.Concurrent;
using System.Diagnostics;
using ExpO.Shared.Study.Contracts;

namespace ExpO.Server.Tests.Durability;

/// <summary>The server as the tests' build left it (Server/bin/&lt;configuration&gt;), started as its own process.</summary>
public static class StudyServerProcess
{
    /// <summary>The configuration the tests were built in, and so the server beside them.</summary>
    public static string Configuration { get; } =
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";

    /// <summary>
    /// Starts it on <paramref name="folder"/> (database, key, logs) and <paramref name="port"/>. The limits are raised
    /// (these clients are scripts), and explanations use 100 LIME samples instead of 1000: the tests' Debug build
    /// explains about five times slower than Release, and what is tested here is the write path, not the explainer.
    /// </summary>
    /// <param name="environment">Settings for this test (another database, a shared key file), as environment variables.</param>
    public static Task<ServerProcess> StartAsync(string? folder = null, int? port = null, IReadOnlyDictionary<string, string>? environment = null) =>
        ServerProcess.StartBuiltAsync(RepoFiles.Root, Configuration,
        ["--Limits:EntriesPerMinutePerClient", "1000000", "--Limits:EntriesPerMinute", "1000000", "--Limits:StepsPerSecondPerParticipant", "1000000",
         "--Study:Settings:LimeSamples", "100"],
        TimeSpan.FromSeconds(60), folder, port, environment);
}

/// <summary>A participant whose server may be killed under any request, as the crash tests play them.</summary>
public static class SurvivingParticipant
{
    /// <summary>
    /// One move: enter (always with <paramref name="entry"/>, so a retry finds the participant an answer cut off by a
    /// kill made), read the state an earlier cut-off answer left unknown, or act. A request that fails (the server died,
    /// or answered a stale click) is followed by a pause and a fresh read of the stored state. True once the
    /// participant has nothing left to do.
    /// </summary>
    public static async Task<bool> MoveAsync(SimulatedParticipant p, EntryRequest entry, TimeSpan pause)
    {
        try
        {
            if (p.Token.Length == 0) await p.EnterAsync(entry);
            else if (p.State is null) await p.RefreshAsync();
            else return await p.ActAsync() == ParticipantAction.NothingLeft;
        }
        catch (Exception e) when (Lost(e))
        {
            await Task.Delay(pause);
            if (p.Token.Length > 0) try { await p.RefreshAsync(); } catch (Exception again) when (Lost(again)) { }
        }
        return false;
    }

    static bool Lost(Exception e) => e is StudyApiException or TaskCanceledException or HttpRequestException;
}

/// <summary>
/// The participant API, recording every step the server acknowledged (a 200) and how long each took: what a client
/// saw acknowledged is what must be in the database.
/// </summary>
public sealed class AcknowledgingApi(IStudyApi inner, ConcurrentBag<Guid> acknowledged, ConcurrentBag<double>? milliseconds = null) : IStudyApi
{
    public async Task<StepResponse> StepAsync(string token, StepRequest request, CancellationToken ct = default)
    {
        var clock = Stopwatch.StartNew();
        var answer = await inner.StepAsync(token, request, ct);
        milliseconds?.Add(clock.Elapsed.TotalMilliseconds);
        acknowledged.Add(request.ClientStepId);
        return answer;
    }

    public Task<StudyInfo> InfoAsync(CancellationToken ct = default) => inner.InfoAsync(ct);
    public Task<StudyInfo> ParticipantInfoAsync(string token, CancellationToken ct = default) => inner.ParticipantInfoAsync(token, ct);
    public Task<EntryResponse> EnterAsync(EntryRequest request, CancellationToken ct = default) => inner.EnterAsync(request, ct);
    public Task<ParticipantState> StateAsync(string token, CancellationToken ct = default) => inner.StateAsync(token, ct);
    public Task<ParticipantState> ConsentAsync(string token, CancellationToken ct = default) => inner.ConsentAsync(token, ct);
    public Task<ParticipantState> FinishInstructionsAsync(string token, CancellationToken ct = default) => inner.FinishInstructionsAsync(token, ct);
    public Task<PracticeResponse> PracticeAsync(string token, PracticeRequest request, CancellationToken ct = default) => inner.PracticeAsync(token, request, ct);
    public Task<ParticipantState> AnswerRoundAsync(string token, RoundAnswersRequest request, CancellationToken ct = default) => inner.AnswerRoundAsync(token, request, ct);
    public Task<ParticipantState> AnswerFinalAsync(string token, FinalAnswersRequest request, CancellationToken ct = default) => inner.AnswerFinalAsync(token, request, ct);
}
