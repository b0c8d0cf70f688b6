using ExpO.Server.Startup;
using ExpO.Shared.Science.Bundles;
using ExpO.Shared.Science.Inference;
using Microsoft.Extensions.Options;

namespace ExpO.Server.Models;

/// <summary>A loaded bundle with its managed runtime, shared by every request.</summary>
public sealed record LoadedModel(ModelBundle Bundle, MlpRuntime Runtime);

/// <summary>
/// Every bundle in the models folder, loaded once at start-up, and the default study's pair (configured as
/// Study:NoneModel and Study:ExpoModel), which must agree on features, scaling and start points.
/// </summary>
public sealed class ModelCatalog
{
    readonly string _folder;
    readonly IReadOnlyDictionary<string, LoadedModel> _models;

    public LoadedModel None { get; }
    public LoadedModel Expo { get; }
    public IReadOnlyList<IReadOnlyList<double>> StartPoints => None.Bundle.StartPoints;

    public ModelCatalog(string folder, string noneName, string expoName)
    {
        _folder = folder;
        _models = ModelBundleFile.LoadFolder(folder)
            .ToDictionary(kv => kv.Key, kv => new LoadedModel(kv.Value, new MlpRuntime(kv.Value, splitLargeBatches: false)), StringComparer.OrdinalIgnoreCase);
        (None, Expo) = Pair(noneName, expoName);
    }

    /// <summary>Every loaded bundle's name, for a study's choice of two.</summary>
    public IReadOnlyCollection<string> Names => (IReadOnlyCollection<string>)_models.Keys;

    /// <summary>
    /// Two bundles a study can compare: trained on the same data and split (same features and target scaling) and
    /// carrying the same start points, so both sides of a round start from the same row.
    /// </summary>
    public (LoadedModel Control, LoadedModel Treatment) Pair(string controlName, string treatmentName)
    {
        var (control, treatment) = (Find(controlName), Find(treatmentName));
        var (a, b) = (control.Bundle, treatment.Bundle);
        if (string.Equals(a.Name, b.Name, StringComparison.OrdinalIgnoreCase))
            throw new BundleFormatException($"A study compares two different bundles; both sides name '{a.Name}'.");
        if (!a.FeatureNames.SequenceEqual(b.FeatureNames) || a.TargetMean != b.TargetMean || a.TargetStd != b.TargetStd)
            throw new BundleFormatException($"Bundles '{a.Name}' and '{b.Name}' were trained on different data or splits; train both with the same --data and --seed.");
        if (a.TrainingInputs.Count != b.TrainingInputs.Count && a.CarriesSplitInputs && b.CarriesSplitInputs)
            throw new BundleFormatException($"Bundles '{a.Name}' and '{b.Name}' carry different training rows; train both with the same --data and --seed.");
        if (a.StartPoints.Count < 2 || !a.StartPoints.Zip(b.StartPoints).All(p => p.First.SequenceEqual(p.Second)) || a.StartPoints.Count != b.StartPoints.Count)
            throw new BundleFormatException($"Bundles '{a.Name}' and '{b.Name}' must carry the same start points (at least two).");
        return (control, treatment);
    }

    LoadedModel Find(string name) => _models.TryGetValue(name, out var m)
        ? m
        : throw new BundleFormatException($"Model folder '{_folder}' has no bundle named '{name}' (found: {string.Join(", ", _models.Keys)}).");

    /// <summary>A loaded model by bundle name; a participant whose model is no longer loaded gets a clear refusal.</summary>
    public LoadedModel Get(string name) => _models.TryGetValue(name, out var m)
        ? m
        : throw new ModelNotLoadedException(name, _models.Keys);
}

/// <summary>
/// A stored participant refers to a bundle this server did not load (renamed or removed since they started).
/// Answered with 503 problem details, never a bare 500.
/// </summary>
public sealed class ModelNotLoadedException(string name, IEnumerable<string> loaded)
    : Exception($"The model '{name}' this participant started with is not loaded on this server (loaded: {string.Join(", ", loaded)}). " +
                "Restore its bundle in the models folder and restart.");

/// <summary>Where the bundles are and which two the study compares (configuration section "Study").</summary>
public sealed class ModelOptions
{
    public const string Section = "Study";

    public string ModelsPath { get; set; } = "models";
    /// <summary>Bundle names of the normally trained and the ExpO-regularized model.</summary>
    public string NoneModel { get; set; } = "none";
    public string ExpoModel { get; set; } = "expo";
}

/// <summary>A folder and two bundle names (whether the bundles are there and agree, the catalog checks as it loads them).</summary>
public sealed class ModelOptionsValidator : IValidateOptions<ModelOptions>
{
    public ValidateOptionsResult Validate(string? name, ModelOptions options) =>
        string.IsNullOrWhiteSpace(options.ModelsPath) || string.IsNullOrWhiteSpace(options.NoneModel) || string.IsNullOrWhiteSpace(options.ExpoModel)
            ? ValidateOptionsResult.Fail("Study:ModelsPath, Study:NoneModel and Study:ExpoModel must not be empty.")
            : ValidateOptionsResult.Success;
}

public static class ModelsExtensions
{
    /// <summary>Registers the model catalog; a missing or inconsistent bundle stops start-up with a clear message.</summary>
    public static WebApplicationBuilder AddStudyModels(this WebApplicationBuilder builder)
    {
        // The bundles load before the host is built (their start points size the settings' checks).
        var options = builder.AddCheckedOptions<ModelOptions, ModelOptionsValidator>(ModelOptions.Section);
        var folder = options.ModelsPath;
        if (!Path.IsPathRooted(folder)) folder = Path.GetFullPath(Path.Combine(builder.Environment.ContentRootPath, folder));
        var catalog = new ModelCatalog(folder, options.NoneModel, options.ExpoModel);
        builder.Services.AddSingleton(catalog);
        return builder;
    }
}
