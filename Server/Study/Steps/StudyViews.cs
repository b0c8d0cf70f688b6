using ExpO.Server.Studies;
using ExpO.Server.Study.Settings;
using ExpO.Shared.Study;
using ExpO.Shared.Study.Contracts;
using ExpO.StudyData.Entities;
using Microsoft.Extensions.Options;

namespace ExpO.Server.Study.Steps;

/// <summary>Turns stored state into what the participant sees: the study's unit (dollars for housing), magnitudes only, never the model's name.</summary>
/// Each participant's numbers are converted under their own study and settings (step size and tolerance), the ones they entered with.
public sealed class StudyViews(StudyCatalog studies, IOptions<StudyOptions> options)
{
    /// <summary>The study a participant takes part in.</summary>
    public StudyRuntime StudyOf(Participant p) => studies.Get(p.StudyDefinitionId);

    public ConditionView Condition(ConditionState c, Participant p) =>
        Condition(StudyOf(p), c.Slot, c.Prediction, c.Target, c.Steps, c.Done, c.LastChange, c.Explanation.Coefficients, p.Settings);

    public ConditionView Condition(StudyRuntime study, Condition? slot, double prediction, double target, int steps, bool done, double? lastChange,
        double[] coefficients, StudySettings s)
    {
        var q = study.Quantity;
        var (low, high) = TargetRange(study, target, s);
        return new(
            slot,
            q.Round(study.Display(prediction)),
            q.Round(study.Display(target)),
            q.Round(low),
            q.Round(high),
            steps,
            done,
            lastChange is double d ? q.Round(study.DisplayChange(d)) : null,
            coefficients.Select((c, i) => new ItemView(i + 1, q.Round(ItemChange(study, c, s)))).ToArray());
    }

    /// <summary>What an item's explanation says one step changes the prediction by, in the study's unit: the shown magnitude.</summary>
    public static double ItemChange(StudyRuntime study, double coefficient, StudySettings s) => study.DisplayChange(Math.Abs(coefficient) * s.StepSize);

    /// <summary>The target range around a standardized target, in the study's unit.</summary>
    public static (double Low, double High) TargetRange(StudyRuntime study, double target, StudySettings s) =>
        (study.Display(target - s.Tolerance), study.Display(target + s.Tolerance));

    /// <param name="token">The participant's token, for the resume link that direct participants are shown.</param>
    public ParticipantState State(Participant p, string token)
    {
        RoundView? round = null;
        if (p.Stage is StudyStage.Round or StudyStage.RoundQuestions)
        {
            var r = p.Rounds.Single(r => r.Number == p.CurrentRound);
            round = new RoundView(r.Number, Condition(r.Conditions.Single(c => c.Slot == Shared.Study.Condition.A), p),
                Condition(r.Conditions.Single(c => c.Slot == Shared.Study.Condition.B), p));
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
