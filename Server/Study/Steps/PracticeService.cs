using ExpO.Server.Explanations;
using ExpO.Shared.Study;
using ExpO.Shared.Study.Contracts;

namespace ExpO.Server.Study.Steps;

/// <summary>The unrecorded practice board: the client holds the point, the server runs the normally trained model.</summary>
public sealed class PracticeService(ParticipantStore store, ExplanationService explanations, StudyViews views)
{
    public async Task<PracticeResponse> PracticeAsync(string token, PracticeRequest request, CancellationToken ct)
    {
        // Only participants may use the model, and they practise under their own study and settings.
        var participant = await store.LoadAsync(ParticipantStore.TokenHashOf(token), ct);
        var (study, settings) = (views.StudyOf(participant), participant.Settings);
        var start = study.StartPoints[^1]; // kept out of the recorded rounds' pool
        var point = request.Point?.ToArray() ?? start.ToArray();
        if (point.Length != study.Dimensions || point.Any(v => !double.IsFinite(v) || Math.Abs(v) > 100))
            throw StudyProblemException.Invalid($"point must have {study.Dimensions} finite values.");
        var model = study.Control.Bundle.Name;
        // The target only needs the start's prediction: one forward pass, no explanation.
        double target = StudyRules.Target(explanations.Predict(model, start), settings);
        var current = explanations.Explain(study, model, point, seed: 0);
        double? lastChange = null;
        if (request.Item != 0)
        {
            if (request.Item < 1 || request.Item > study.Dimensions) throw StudyProblemException.Invalid($"item must be between 1 and {study.Dimensions} (0 to just look).");
            if (request.Direction is not { } direction || !Enum.IsDefined(direction)) throw StudyProblemException.Invalid("direction must be \"+\" or \"-\".");
            point = StudyRules.ApplyMove(point, request.Item - 1, current.Coefficients[request.Item - 1], direction, settings.StepSize);
            var next = explanations.Explain(study, model, point, seed: 0);
            lastChange = next.Prediction - current.Prediction;
            current = next;
        }
        var view = views.Condition(study, null, current.Prediction, target, 0, StudyRules.IsDone(current.Prediction, target, settings),
            lastChange, current.Coefficients, settings);
        return new PracticeResponse(point, view);
    }
}
