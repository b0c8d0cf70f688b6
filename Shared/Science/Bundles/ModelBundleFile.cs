using System.Text.Json;
using System.Text.Json.Serialization;

namespace ExpO.Shared.Science.Bundles;

/// <summary>Reads and writes model bundles as one JSON file each, and checks them on the way in.</summary>
public static class ModelBundleFile
{
    public const string Extension = ".bundle.json";

    static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = false,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static void Save(ModelBundle bundle, string path)
    {
        Validate(bundle, path);
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null) Directory.CreateDirectory(dir);
        // Write to a temporary file first so a crash never leaves half a bundle behind.
        var tmp = path + ".tmp";
        using (var stream = File.Create(tmp)) JsonSerializer.Serialize(stream, bundle, Options);
        File.Move(tmp, path, overwrite: true);
    }

    public static ModelBundle Load(string path)
    {
        if (!File.Exists(path)) throw new BundleFormatException($"Model bundle '{path}' does not exist.");
        ModelBundle? bundle;
        try
        {
            using var stream = File.OpenRead(path);
            bundle = JsonSerializer.Deserialize<ModelBundle>(stream, Options);
        }
        catch (JsonException e)
        {
            throw new BundleFormatException($"Model bundle '{path}' is not valid bundle JSON: {e.Message}", e);
        }
        if (bundle is null) throw new BundleFormatException($"Model bundle '{path}' is empty.");
        Validate(bundle, path);
        return bundle;
    }

    /// <summary>All bundles in a folder, by name; a folder with none is an error.</summary>
    public static IReadOnlyDictionary<string, ModelBundle> LoadFolder(string folder)
    {
        if (!Directory.Exists(folder)) throw new BundleFormatException($"Model folder '{folder}' does not exist.");
        var result = new Dictionary<string, ModelBundle>(StringComparer.OrdinalIgnoreCase);
        foreach (var file in Directory.GetFiles(folder, "*" + Extension).Order(StringComparer.Ordinal))
        {
            var bundle = Load(file);
            if (!result.TryAdd(bundle.Name, bundle))
                throw new BundleFormatException($"Model folder '{folder}' has two bundles named '{bundle.Name}'.");
        }
        if (result.Count == 0) throw new BundleFormatException($"Model folder '{folder}' has no *{Extension} files.");
        return result;
    }

    static void Validate(ModelBundle b, string path)
    {
        [System.Diagnostics.CodeAnalysis.DoesNotReturn]
        void Fail(string what) => throw new BundleFormatException($"Model bundle '{path}': {what}");
        if (b.FormatVersion != ModelBundle.CurrentFormatVersion) Fail($"format version {b.FormatVersion} is not supported (expected {ModelBundle.CurrentFormatVersion}).");
        if (string.IsNullOrWhiteSpace(b.Name)) Fail("has no name.");
        int d = b.Architecture?.InputSize ?? 0;
        if (d <= 0) Fail("architecture has no inputs.");
        if (b.FeatureNames is null || b.FeatureNames.Count != d) Fail($"needs {d} feature names.");
        if (b.FeatureMean is null || b.FeatureMean.Count != d || b.FeatureStd is null || b.FeatureStd.Count != d) Fail($"needs {d} feature means and standard deviations.");
        if (b.FeatureStd.Any(s => !(s > 0)) || !(b.TargetStd > 0)) Fail("standard deviations must be positive.");
        var sizes = new List<int> { d };
        sizes.AddRange(b.Architecture!.HiddenSizes);
        sizes.Add(1);
        if (b.Layers is null || b.Layers.Count != sizes.Count - 1) Fail($"architecture needs {sizes.Count - 1} layers, found {b.Layers?.Count ?? 0}.");
        for (int i = 0; i < b.Layers!.Count; i++)
        {
            var l = b.Layers[i];
            if (l.Inputs != sizes[i] || l.Outputs != sizes[i + 1]) Fail($"layer {i} is {l.Inputs}x{l.Outputs}, architecture says {sizes[i]}x{sizes[i + 1]}.");
            if (l.Weights is null || l.Weights.Length != l.Inputs * l.Outputs) Fail($"layer {i} needs {l.Inputs * l.Outputs} weights.");
            if (l.Bias is null || l.Bias.Length != l.Outputs) Fail($"layer {i} needs {l.Outputs} biases.");
            if (l.Weights.Any(w => !float.IsFinite(w)) || l.Bias.Any(w => !float.IsFinite(w))) Fail($"layer {i} has a weight that is not a finite number.");
        }
        if (b.StartPoints is null || b.StartPoints.Any(p => p is null || p.Count != d || p.Any(v => !double.IsFinite(v))))
            Fail($"every start point needs {d} finite values.");
        if (b.TrainingInputs is null || b.ValidationInputs is null
            || b.TrainingInputs.Concat(b.ValidationInputs).Any(p => p is null || p.Length != d || p.Any(v => !float.IsFinite(v))))
            Fail($"every training and validation input needs {d} finite values.");
        if ((b.TrainingInputs.Count == 0) != (b.ValidationInputs.Count == 0)) Fail("carries training inputs without validation inputs, or the other way round.");
    }
}
