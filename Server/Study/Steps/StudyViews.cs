using ExpO.Server.Models;
using ExpO.Server.Study.Settings;
using ExpO.Shared.Study;
using ExpO.Shared.Study.Contracts;
using ExpO.StudyData.Entities;
using Microsoft.Extensions.Options;

namespace ExpO.Server.Study.Steps;

/// <summary>Turns stored state into what the participant sees: dollars, magnitudes only, never the model's name.</summary>
/// Each participant's numbers are converted under their own settings (step size and tolerance), the ones they entered with.
public sealed class StudyViews(ModelCatalog catalog, IOptions<StudyOptions> options)
{
    public ConditionView Condition(ConditionState c, StudySettings s) =>
        Condition(c.Slot, c.Prediction, c.Target, c.Steps, c.Done, c.LastChange, c.Explanation.Coefficients, s);

    public ConditionView Condition(Condition? slot, double prediction, double target, int steps, bool done, double? lastChange,
        double[] coefficients, StudySettings s) => new(
        slot,
        Math.Round(catalog.Dollars(prediction)),
        Math.Round(catalog.Dollars(target)),
        Math.Round(TargetRangeDollars(target, s).Low),
        Math.Round(TargetRangeDollars(target, s).High),
        steps,
        done,
        lastChange is double d ? Math.Round(catalog.DollarChange(d)) : null,
        coefficients.Select((c, i) => new ItemView(i + 1, Math.Round(ItemDollars(c, s)))).ToArray());

    /// <summary>What an item's explanation says one step changes the price by, in dollars: the shown magnitude.</summary>
    public double ItemDollars(double coefficient, StudySettings s) => catalog.DollarChange(Math.Abs(coefficient) * s.StepSize);

    /// <summary>The target range around a standardized target, in dollars.</summary>
    public (double Low, double High) TargetRangeDollars(double target, StudySettings s) =>
        (catalog.Dollars(target - s.Tolerance), catalog.Dollars(target + s.Tolerance));

    /// <param name="token">The participant's token, for the resume link that direct participants are shown.</param>
    public ParticipantState State(Participant p, string token)
    {
        RoundView? round = null;
        if (p.Stage is StudyStage.Round or StudyStage.RoundQuestions)
        {
            var r = p.Rounds.Single(r => r.Number == p.CurrentRound);
            round = new RoundView(r.Number, Condition(r.Conditions.Single(c => c.Slot == Shared.Study.Condition.A), p.Settings),
                Condition(r.Conditions.Single(c => c.Slot == Shared.Study.Condition.B), p.Settings));
        }
        // Platform participants come back through their platform's link; the others only have this one.
        string? resume = p.Source == RecruitmentSource.Direct && p.Stage != StudyStage.Consent ? StudyRoutes.ParticipantPage(token) : null;
        return new ParticipantState(p.Stage, p.CurrentRound, p.Settings.Rounds, round,
            p.Stage == StudyStage.Complete ? Completion(p) : null, resume);
    }

    CompletionView Completion(Participant p) => p.Source switch
    {
        RecruitmentSource.Mturk => new CompletionView(CompletionKind.Mturk, p.CompletionCode, p.TurkSubmitTo!.TrimEnd('/') + "/mturk/externalSubmit", null,
            MturkFields(p)),
        RecruitmentSource.Prolific when p.ProlificCompletionCode.Length > 0 =>
            new CompletionView(CompletionKind.Prolific, p.ProlificCompletionCode, null,
                options.Value.ProlificCompletionUrl + Uri.EscapeDataString(p.ProlificCompletionCode), []),
        _ => new CompletionView(CompletionKind.Code, p.CompletionCode, null, null, []),
    };

    /// <summary>
    /// What the HIT submits to MTurk besides assignmentId (which the page adds from its own link: the server keeps
    /// only its keyed hash): the participant's pseudonym and a summary, so the requester's results join to our data.
    /// </summary>
    static IReadOnlyList<FormField> MturkFields(Participant p) =>
    [
        new("completionCode", p.CompletionCode),
        new("participantRef", p.Pseudonym),
        new("roundsDone", p.CurrentRound.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new("usefulPreference", Answer(p.FinalAnswers?.Useful)),
        new("expectationPreference", Answer(p.FinalAnswers?.Expectation)),
    ];

    static string Answer(Preference? p) => p switch { Preference.A => "A", Preference.B => "B", Preference.Same => "same", _ => "" };
}
