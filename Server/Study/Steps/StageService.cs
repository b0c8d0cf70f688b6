using ExpO.Shared.Study;
using ExpO.Shared.Study.Contracts;

namespace ExpO.Server.Study.Steps;

/// <summary>The stage changes between the rounds: consent, instructions, the answers after each round and at the end.</summary>
public sealed class StageService(ParticipantStore store, TimeProvider time)
{
    DateTime Now => time.GetUtcNow().UtcDateTime;

    public Task<ParticipantState> ConsentAsync(string token, CancellationToken ct) => store.ChangeAsync(token, 0, p =>
    {
        if (p.Stage != StudyStage.Consent) return; // already given: answering again changes nothing
        (p.Stage, p.CurrentRound) = StudyFlow.AfterConsent(new(p.Stage, p.CurrentRound));
        p.ConsentedUtc = Now;
    }, ct);

    public Task<ParticipantState> FinishInstructionsAsync(string token, CancellationToken ct) => store.ChangeAsync(token, 0, p =>
    {
        if (p.Stage == StudyStage.Consent) throw StudyProblemException.Stale("Please give your consent first.");
        (p.Stage, p.CurrentRound) = StudyFlow.AfterInstructions(new(p.Stage, p.CurrentRound));
    }, ct);

    public Task<ParticipantState> AnswerRoundAsync(string token, RoundAnswersRequest request, CancellationToken ct)
    {
        var (useful, expectation) = (Required(request.Useful, "useful"), Required(request.Expectation, "expectation"));
        return store.ChangeAsync(token, request.Round, p =>
        {
            var round = p.Rounds.SingleOrDefault(r => r.Number == request.Round)
                ?? throw StudyProblemException.Invalid($"There is no round {request.Round}.");
            if (round.AnsweredUtc is not null)
            {
                if (round.Useful == useful && round.Expectation == expectation) return; // a retry of the same answers
                throw StudyProblemException.Stale($"Round {request.Round} has already been answered.");
            }
            if (p.Stage != StudyStage.RoundQuestions || p.CurrentRound != request.Round)
                throw StudyProblemException.Stale($"Round {request.Round} is not waiting for answers.");
            (round.Useful, round.Expectation, round.AnsweredUtc) = (useful, expectation, Now);
            (p.Stage, p.CurrentRound) = StudyFlow.AfterRoundAnswers(new(p.Stage, p.CurrentRound), p.Settings.Rounds);
        }, ct);
    }

    public Task<ParticipantState> AnswerFinalAsync(string token, FinalAnswersRequest request, CancellationToken ct)
    {
        var (useful, expectation) = (Required(request.Useful, "useful"), Required(request.Expectation, "expectation"));
        string usefulWhy = Text(request.UsefulWhy, "usefulWhy", AnswerLimits.WhyMaxLength, required: true)!;
        string expectationWhy = Text(request.ExpectationWhy, "expectationWhy", AnswerLimits.WhyMaxLength, required: true)!;
        string? comments = Text(request.Comments, "comments", AnswerLimits.CommentsMaxLength, required: false);
        return store.ChangeAsync(token, 0, p =>
        {
            if (p.Stage == StudyStage.Complete)
            {
                // The same answers again are a retry whose first answer was lost; different ones come too late to
                // be saved, and saying so beats a silent 200.
                var saved = p.FinalAnswers;
                if (saved is not null && saved.Useful == useful && saved.Expectation == expectation && saved.UsefulWhy == usefulWhy
                    && saved.ExpectationWhy == expectationWhy && saved.Comments == comments) return;
                throw StudyProblemException.Stale("The study is already complete; your earlier answers are the ones saved.");
            }
            if (p.Stage != StudyStage.Final) throw StudyProblemException.Stale("The final questions come after the last round.");
            p.FinalAnswers = new()
            {
                Useful = useful,
                UsefulWhy = usefulWhy,
                Expectation = expectation,
                ExpectationWhy = expectationWhy,
                Comments = comments,
                SubmittedUtc = Now,
            };
            (p.Stage, p.CurrentRound) = StudyFlow.AfterFinalAnswers(new(p.Stage, p.CurrentRound));
            p.CompletedUtc = Now;
        }, ct);
    }

    static Preference Required(Preference? answer, string name) =>
        answer is { } a && Enum.IsDefined(a) ? a : throw StudyProblemException.Invalid($"{name} must be \"A\", \"B\" or \"same\".");

    static string? Text(string? value, string name, int max, bool required)
    {
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text))
            return required ? throw StudyProblemException.Invalid($"{name} needs a few words.") : null;
        if (text.Length > max) throw StudyProblemException.Invalid($"{name} is longer than {max} characters.");
        return text;
    }
}
