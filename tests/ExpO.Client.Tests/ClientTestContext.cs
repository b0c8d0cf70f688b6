using Bunit;
using ExpO.Shared.Study;
using ExpO.Shared.Study.Contracts;
using ExpO.Shared.Study.Participants;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace ExpO.Client.Tests;

/// <summary>One bUnit set-up for every component test: the fake API, loose JS interop, a WebAssembly renderer.</summary>
public abstract class ClientTestContext : BunitContext
{
    protected FakeStudyApi Api { get; } = new();
    /// <summary>The real wait reporter: tests report a 429 wait as the API client would.</summary>
    protected ApiWaits Waits { get; } = new();

    protected ClientTestContext()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddSingleton<IStudyApi>(Api);
        Services.AddSingleton(Waits);
        Services.AddScoped<ExpO.Client.Services.PageEffects>();
        SetRendererInfo(new RendererInfo("WebAssembly", isInteractive: true));
    }

    protected static ConditionView View(Condition condition, int steps = 0, bool done = false) => new(
        condition, 20_000, 29_700, 28_700, 30_700, steps, done, steps > 0 ? 850 : null,
        Enumerable.Range(1, 11).Select(i => new ItemView(i, i * 100)).ToArray());

    protected static ParticipantState State(RoundView round) => new(StudyStage.Round, round.Number, 5, round, null);
}

/// <summary>An IStudyApi whose steps finish only when the test says so, and which records what it was asked.</summary>
public sealed class FakeStudyApi : IStudyApi
{
    public List<(string Token, StepRequest Request)> Steps { get; } = [];
    /// <summary>One pending answer per step sent, in order; the test completes them.</summary>
    public List<TaskCompletionSource<StepResponse>> Pending { get; } = [];
    /// <summary>Answers given at once to the next steps, before any pending ones are made.</summary>
    public Queue<StepResponse> Immediate { get; } = new();
    public Exception? StepError { get; set; }
    public ParticipantState? StateToReturn { get; set; }
    public int StateCalls { get; private set; }

    public Task<StepResponse> StepAsync(string token, StepRequest request, CancellationToken ct = default)
    {
        Steps.Add((token, request));
        if (StepError is not null) return Task.FromException<StepResponse>(StepError);
        if (Immediate.TryDequeue(out var answer)) return Task.FromResult(answer);
        var pending = new TaskCompletionSource<StepResponse>();
        Pending.Add(pending);
        return pending.Task;
    }

    /// <summary>Thrown by every state read when set.</summary>
    public Exception? StateError { get; set; }

    public Task<ParticipantState> StateAsync(string token, CancellationToken ct = default)
    {
        StateCalls++;
        if (StateError is { } error) return Task.FromException<ParticipantState>(error);
        return Task.FromResult(StateToReturn!);
    }

    public Task<StudyInfo> InfoAsync(CancellationToken ct = default) => Task.FromResult(new StudyInfo("Test study", "Consent.", 5, 11, "15", "housing", StudyQuantity.HousePrice));
    public Task<StudyInfo> ParticipantInfoAsync(string token, CancellationToken ct = default) => InfoAsync(ct);

    // The entry page is the server's (Server/Study/EntryPage.razor): the client never enters.
    public Task<EntryResponse> EnterAsync(EntryRequest request, CancellationToken ct = default) => throw new NotSupportedException();

    public Task<ParticipantState> ConsentAsync(string token, CancellationToken ct = default) => throw new NotSupportedException();
    public Task<ParticipantState> FinishInstructionsAsync(string token, CancellationToken ct = default) => throw new NotSupportedException();
    public Task<PracticeResponse> PracticeAsync(string token, PracticeRequest request, CancellationToken ct = default) => throw new NotSupportedException();
    public Task<ParticipantState> AnswerRoundAsync(string token, RoundAnswersRequest request, CancellationToken ct = default) => throw new NotSupportedException();
    public Task<ParticipantState> AnswerFinalAsync(string token, FinalAnswersRequest request, CancellationToken ct = default) => throw new NotSupportedException();
}
