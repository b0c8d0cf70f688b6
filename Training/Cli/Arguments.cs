using System.Globalization;

namespace ExpO.Training.Cli;

/// <summary>"--name value" options after a verb, with typed getters that fail with a clear message.</summary>
public sealed class Arguments
{
    readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    public Arguments(IEnumerable<string> args, IReadOnlySet<string> allowed)
    {
        var list = args.ToList();
        for (int i = 0; i < list.Count; i++)
        {
            var name = list[i];
            if (!name.StartsWith("--", StringComparison.Ordinal)) throw new UsageException($"Unexpected argument '{name}'.");
            if (!allowed.Contains(name)) throw new UsageException($"Unknown option '{name}'.");
            if (i + 1 >= list.Count || list[i + 1].StartsWith("--", StringComparison.Ordinal)) throw new UsageException($"Option '{name}' needs a value.");
            if (!_values.TryAdd(name, list[++i])) throw new UsageException($"Option '{name}' is given twice.");
        }
    }

    public string? Text(string name) => _values.GetValueOrDefault(name);

    public string Required(string name) => Text(name) ?? throw new UsageException($"Option '{name}' is required.");

    public int WholeNumber(string name, int fallback, int min = int.MinValue, int max = int.MaxValue)
    {
        if (Text(name) is not { } text) return fallback;
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v))
            throw new UsageException($"Option '{name}' must be a whole number, not '{text}'.");
        if (v < min || v > max) throw new UsageException($"Option '{name}' must be between {min} and {max}, not {v}.");
        return v;
    }

    public double Number(string name, double fallback, double min, double max)
    {
        if (Text(name) is not { } text) return fallback;
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !double.IsFinite(v))
            throw new UsageException($"Option '{name}' must be a number, not '{text}'.");
        if (v < min || v > max) throw new UsageException($"Option '{name}' must be between {min} and {max}, not {v}.");
        return v;
    }

    public IReadOnlyList<int> IntList(string name, IReadOnlyList<int> fallback)
    {
        if (Text(name) is not { } text) return fallback;
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        var values = new List<int>();
        foreach (var p in parts)
        {
            if (!int.TryParse(p, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) || v < 1 || v > 4096)
                throw new UsageException($"Option '{name}' must be a comma-separated list of layer widths (1..4096), not '{text}'.");
            values.Add(v);
        }
        return values;
    }
}
