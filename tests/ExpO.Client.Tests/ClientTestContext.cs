using Bunit;
using ExpO.Client.Services;
using ExpO.Shared.Contracts;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace ExpO.Client.Tests;

/// <summary>One bUnit set-up for every component test: MudBlazor services, loose JS interop, a WebAssembly renderer.</summary>
public abstract class ClientTestContext : BunitContext
{
    protected FakeStudyApi Api { get; } = new();

    protected ClientTestContext()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices(o => o.PopoverOptions.CheckForPopoverProvider = false);
        Services.AddSingleton<IStudyApi>(Api);
        SetRendererInfo(new RendererInfo("WebAssembly", isInteractive: true));
    }

    protected static ConditionView View(string condition, int steps = 0, bool done = false) => new(
        condition, 20_000, 29_700, 28_700, 30_700, steps, done, steps > 0 ? 850 : null,
        Enumerable.Range(1, 11).Select(i => new ItemView(i, i * 100)).ToArray());

    protected static ParticipantState State(RoundView round) => new(ExpO.Shared.Study.StudyStage.Round, round.Number, 5, round, null);
}

/// <summary>An IStudyApi whose steps finish only when the test says so, and which records what it was asked.</summary>
public sealed class FakeStudyApi : IStudyApi
{
    public List<(string Token, StepRequest Request)> Steps { get; } = [];
    public TaskCompletionSource<StepResponse> NextStep { get; set; } = new();
    public Exception? StepError { get; set; }
    public ParticipantState? StateToReturn { get; set; }
    public int StateCalls { get; private set; }

    public Task<StepResponse> StepAsync(string token, StepRequest request)
    {
        Steps.Add((token, request));
        return StepError is not null ? Task.FromException<StepResponse>(StepError) : NextStep.Task;
    }

    public Task<ParticipantState> StateAsync(string token)
    {
        StateCalls++;
        return Task.FromResult(StateToReturn!);
    }

    public List<EntryRequest> Entries { get; } = [];
    /// <summary>Thrown by the next entry only.</summary>
    public Exception? NextEntryError { get; set; }
    public EntryResponse EntryAnswer { get; set; } = new("started", "tok", null);

    public Task<StudyInfo> InfoAsync() => Task.FromResult(new StudyInfo("Test study", "Consent.", 5, 11, "15"));

    public Task<EntryResponse> EnterAsync(EntryRequest request)
    {
        Entries.Add(request);
        if (NextEntryError is { } error) { NextEntryError = null; return Task.FromException<EntryResponse>(error); }
        return Task.FromResult(EntryAnswer);
    }

    public Task<ParticipantState> ConsentAsync(string token) => throw new NotSupportedException();
    public Task<ParticipantState> FinishInstructionsAsync(string token) => throw new NotSupportedException();
    public Task<PracticeResponse> PracticeAsync(string token, PracticeRequest request) => throw new NotSupportedException();
    public Task<ParticipantState> AnswerRoundAsync(string token, RoundAnswersRequest request) => throw new NotSupportedException();
    public Task<ParticipantState> AnswerFinalAsync(string token, FinalAnswersRequest request) => throw new NotSupportedException();
}
