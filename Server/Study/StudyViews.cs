using ExpO.Migrations.Entities;
using ExpO.Server.Models;
using ExpO.Shared.Contracts;
using ExpO.Shared.Study;

namespace ExpO.Server.Study;

/// <summary>Turns stored state into what the participant sees: dollars, magnitudes only, never the model's name.</summary>
public sealed class StudyViews(ModelCatalog catalog, StudyOptions options)
{
    StudySettings Settings => options.Settings;

    public ConditionView Condition(ConditionState c) => Condition(c.Slot, c.Prediction, c.Target, c.Steps, c.Done, c.LastChange, c.Explanation.Coefficients);

    public ConditionView Condition(string slot, double prediction, double target, int steps, bool done, double? lastChange, double[] coefficients) => new(
        slot,
        Math.Round(catalog.Dollars(prediction)),
        Math.Round(catalog.Dollars(target)),
        Math.Round(catalog.Dollars(target - Settings.Tolerance)),
        Math.Round(catalog.Dollars(target + Settings.Tolerance)),
        steps,
        done,
        lastChange is double d ? Math.Round(catalog.DollarChange(d)) : null,
        coefficients.Select((c, i) => new ItemView(i + 1, Math.Round(catalog.DollarChange(Math.Abs(c) * Settings.StepSize)))).ToArray());

    public ParticipantState State(Participant p)
    {
        RoundView? round = null;
        if (p.Stage is StudyStage.Round or StudyStage.RoundQuestions)
        {
            var r = p.Rounds.Single(r => r.Number == p.CurrentRound);
            round = new RoundView(r.Number, Condition(r.Conditions.Single(c => c.Slot == "A")), Condition(r.Conditions.Single(c => c.Slot == "B")));
        }
        return new ParticipantState(p.Stage, p.CurrentRound, Settings.Rounds, round, p.Stage == StudyStage.Complete ? Completion(p) : null);
    }

    public CompletionView Completion(Participant p) => p.Source switch
    {
        "mturk" => new CompletionView("mturk", p.CompletionCode, p.TurkSubmitTo!.TrimEnd('/') + "/mturk/externalSubmit", p.AssignmentId, null),
        "prolific" when options.ProlificCompletionCode.Length > 0 =>
            new CompletionView("prolific", options.ProlificCompletionCode, null, null, options.ProlificCompletionUrl + Uri.EscapeDataString(options.ProlificCompletionCode)),
        _ => new CompletionView("code", p.CompletionCode, null, null, null),
    };
}
