using ExpO.Shared.Study.Contracts;

namespace ExpO.Shared.Study.Participants;

/// <summary>What a simulated participant did in one <see cref="SimulatedParticipant.ActAsync"/>.</summary>
public enum ParticipantAction { Consented, FinishedInstructions, Clicked, AnsweredRound, AnsweredFinal, NothingLeft }

/// <summary>
/// A participant played by code through <see cref="IStudyApi"/>, exactly as the browser client talks to the server:
/// the same routes, contracts, retries, and clicks that carry the state they were made on. The server tests, the
/// load bench and the agent use it; the click policy is theirs to choose.
/// </summary>
public sealed class SimulatedParticipant(IStudyApi api, IClickPolicy policy, int seed)
{
    readonly Random _rng = new(seed);

    public IStudyApi Api => api;
    public string Token { get; private set; } = "";
    public ParticipantState State { get; private set; } = null!;
    /// <summary>The ids of every click sent, in order.</summary>
    public List<Guid> StepIds { get; } = [];
    /// <summary>The answers after a round, given the state that asks for them (its round shows both sides' steps):
    /// "A" for usefulness, "same" for expectation unless set.</summary>
    public Func<ParticipantState, (Preference Useful, Preference Expectation)> RoundAnswers { get; init; } = _ => (Preference.A, Preference.Same);
    /// <summary>The final answers, given every finished round as it was shown when its questions came.</summary>
    public Func<IReadOnlyList<RoundView>, FinalAnswersRequest> FinalAnswers { get; init; } =
        _ => new FinalAnswersRequest(Preference.A, "simulated", Preference.Same, "simulated", null);
    /// <summary>Each round this participant finished, as shown when its questions came.</summary>
    public List<RoundView> FinishedRounds { get; } = [];

    public async Task<EntryResponse> EnterAsync(EntryRequest request, CancellationToken ct = default)
    {
        var entry = await api.EnterAsync(request, ct);
        Token = entry.Token;
        State = await api.StateAsync(Token, ct);
        return entry;
    }

    public Task<EntryResponse> EnterDirectAsync(CancellationToken ct = default) =>
        EnterAsync(new EntryRequest { Source = RecruitmentSource.Direct, ClientEntryId = Guid.NewGuid() }, ct);

    /// <summary>The same participant through another connection (another device, tab or server instance).</summary>
    public SimulatedParticipant Through(IStudyApi other) => new(other, policy, _rng.Next()) { Token = Token, State = State, RoundAnswers = RoundAnswers, FinalAnswers = FinalAnswers };

    public async Task<ParticipantState> RefreshAsync(CancellationToken ct = default) => State = await api.StateAsync(Token, ct);

    /// <summary>One click on a side of the current round, made on the state this participant last saw.</summary>
    public async Task<StepResponse> ClickAsync(Condition side, int item, Direction direction, Guid? id = null, CancellationToken ct = default)
    {
        var round = State.Round ?? throw new InvalidOperationException($"No round is shown (stage {State.Stage}).");
        var stepId = id ?? Guid.NewGuid();
        StepIds.Add(stepId);
        var response = await api.StepAsync(Token, new StepRequest(stepId, round.Number, side, item, direction, round[side].Steps, DateTimeOffset.UtcNow), ct);
        State = State.After(response) ?? await api.StateAsync(Token, ct);
        return response;
    }

    /// <summary>Plays one side of the current round to its target with the policy; returns its step count.</summary>
    public async Task<int> SolveAsync(Condition side, int maxSteps = 2000, CancellationToken ct = default)
    {
        while (State.Round?[side] is { Done: false } view)
        {
            if (view.Steps >= maxSteps) throw new InvalidOperationException($"Condition {side} of round {State.Round.Number} took over {maxSteps} steps.");
            var (item, direction) = policy.Choose(view, _rng);
            await ClickAsync(side, item, direction, ct: ct);
        }
        return State.Round?[side].Steps ?? 0;
    }

    /// <summary>
    /// The next thing a participant in this state does: consent, finish the instructions, one click (side A until
    /// it is done, then B), the round's answers, the final answers.
    /// </summary>
    public async Task<ParticipantAction> ActAsync(CancellationToken ct = default)
    {
        switch (State.Stage)
        {
            case StudyStage.Consent:
                State = await api.ConsentAsync(Token, ct);
                return ParticipantAction.Consented;
            case StudyStage.Instructions:
                State = await api.FinishInstructionsAsync(Token, ct);
                return ParticipantAction.FinishedInstructions;
            case StudyStage.Round:
                var side = State.Round!.A.Done ? Condition.B : Condition.A;
                var (item, direction) = policy.Choose(State.Round[side], _rng);
                await ClickAsync(side, item, direction, ct: ct);
                return ParticipantAction.Clicked;
            case StudyStage.RoundQuestions:
                if (State.Round is { } finished && FinishedRounds.All(r => r.Number != finished.Number)) FinishedRounds.Add(finished);
                var (useful, expectation) = RoundAnswers(State);
                State = await api.AnswerRoundAsync(Token, new RoundAnswersRequest(State.RoundNumber, useful, expectation), ct);
                return ParticipantAction.AnsweredRound;
            case StudyStage.Final:
                State = await api.AnswerFinalAsync(Token, FinalAnswers(FinishedRounds), ct);
                return ParticipantAction.AnsweredFinal;
            default:
                return ParticipantAction.NothingLeft;
        }
    }

    /// <summary>Acts until the study is complete (or the action budget runs out, for a policy that loops).</summary>
    public async Task<ParticipantState> PlayToEndAsync(int maxActions = 100_000, CancellationToken ct = default)
    {
        for (int i = 0; i < maxActions; i++)
            if (await ActAsync(ct) == ParticipantAction.NothingLeft) return State;
        throw new InvalidOperationException($"The study was not complete after {maxActions} actions.");
    }
}
