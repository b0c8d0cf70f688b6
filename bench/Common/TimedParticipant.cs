using System.Diagnostics;
using ExpO.Shared.Study;
using ExpO.Shared.Study.Participants;

namespace ExpO.Bench;

/// <summary>
/// The shared simulated participant (random items, toward the target), timing each click; one that completes the
/// study enters again as a new participant, so the load never runs dry.
/// </summary>
public sealed class TimedParticipant(HttpClient http, int seed)
{
    SimulatedParticipant _p = null!;

    public async Task StartAsync()
    {
        _p = new SimulatedParticipant(new StudyApiClient(http), new RandomItemPolicy(), seed);
        await _p.EnterDirectAsync();
        await _p.ActAsync(); // consent
        await _p.ActAsync(); // instructions
    }

    /// <summary>One click (answering questions or starting over first when needed); returns its latency in ms.</summary>
    public async Task<double> StepAsync()
    {
        while (_p.State.Stage != StudyStage.Round)
            if (await _p.ActAsync() == ParticipantAction.NothingLeft) await StartAsync();
        var clock = Stopwatch.StartNew();
        await _p.ActAsync();
        return clock.Elapsed.TotalMilliseconds;
    }
}
