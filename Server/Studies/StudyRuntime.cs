using ExpO.Server.Models;
using ExpO.Shared.Study;
using ExpO.StudyData.Entities;

namespace ExpO.Server.Studies;

/// <summary>
/// A study as the server runs it: its definition, its two loaded models (which agree on features, scaling and start
/// points) and how a standardized prediction becomes what participants read.
/// </summary>
public sealed record StudyRuntime(
    long Id, string Name, string Title, StudyExplainer Explainer, StudyQuantity Quantity, IReadOnlyList<string> ExcludedStudies,
    LoadedModel Control, LoadedModel Treatment)
{
    public bool IsDefault => Id == StudyDefinition.DefaultId;
    public int Dimensions => Control.Bundle.InputSize;
    /// <summary>Held-out rows of the bundles' data, standardized; the last is kept for the practice round.</summary>
    public IReadOnlyList<IReadOnlyList<double>> StartPoints => Control.Bundle.StartPoints;

    /// <summary>A standardized prediction in the quantity's unit (dollars for the housing study).</summary>
    public double Display(double standardized) => (standardized * Control.Bundle.TargetStd + Control.Bundle.TargetMean) * Quantity.Scale;

    /// <summary>A standardized change of the prediction in the quantity's unit.</summary>
    public double DisplayChange(double standardizedChange) => standardizedChange * Control.Bundle.TargetStd * Quantity.Scale;

    /// <summary>The runtime of a stored definition, with its bundles from the catalog (refused with the reason if they do not pair).</summary>
    public static StudyRuntime Of(StudyDefinition d, ModelCatalog models)
    {
        var (control, treatment) = models.Pair(d.ControlBundle, d.TreatmentBundle);
        return new(d.Id, d.Name, d.Title, d.Explainer, d.Quantity, d.ExcludedStudies.ToArray(), control, treatment);
    }
}
