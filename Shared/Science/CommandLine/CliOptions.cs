using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace ExpO.Shared.Science.CommandLine;

/// <summary>Options read and range-checked while parsing, so every verb refuses a bad value with the same words:
/// "Option '--x' takes ..., not '...'".</summary>
public static class CliOptions
{
    /// <summary>A whole number from <paramref name="min"/> to <paramref name="max"/>, <paramref name="fallback"/> when left out.</summary>
    public static Option<int> WholeNumber(string name, string description, int fallback, int min, int max) =>
        Parsed(name, description, WholeIn(min, max), $"a whole number from {Text(min)} to {Text(max)}", fallback);

    /// <summary>A whole number that must be given.</summary>
    public static Option<int> RequiredWholeNumber(string name, string description, int min, int max) =>
        Parsed(name, description, WholeIn(min, max), $"a whole number from {Text(min)} to {Text(max)}", fallback: null);

    /// <summary>A whole number that may be left out (null).</summary>
    public static Option<int?> OptionalWholeNumber(string name, string description, int min, int max)
    {
        var whole = WholeIn(min, max);
        var option = new Option<int?>(name) { Description = description };
        option.CustomParser = r => Read(r, name, whole, $"a whole number from {Text(min)} to {Text(max)}");
        return option;
    }

    /// <summary>A finite number from <paramref name="min"/> to <paramref name="max"/>; required when <paramref name="fallback"/> is null.</summary>
    public static Option<double> Number(string name, string description, double? fallback, double min, double max) =>
        Parsed(name, description, Finite(v => v >= min && v <= max), $"a number from {Text(min)} to {Text(max)}", fallback);

    /// <summary>A finite number that may be left out (null), accepted when <paramref name="allowed"/> says so.</summary>
    public static Option<double?> OptionalNumber(string name, string description, Func<double, bool> allowed, string expected)
    {
        var option = new Option<double?>(name) { Description = description };
        option.CustomParser = r => Read(r, name, Finite(allowed), expected);
        return option;
    }

    /// <summary>An absolute http or https address.</summary>
    public static Option<Uri> HttpAddress(string name, string description)
    {
        var option = new Option<Uri>(name) { Description = description, Required = true };
        option.CustomParser = r =>
        {
            string text = r.Tokens.Count > 0 ? r.Tokens[0].Value : "";
            if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https") return uri;
            r.AddError($"Option '{name}' takes an http(s) address, not '{text}'.");
            return null;
        };
        return option;
    }

    /// <summary>A comma-separated list (e.g. 0,0.5,1); each part read by <paramref name="parse"/>, null for a bad part.</summary>
    public static Option<IReadOnlyList<T>> List<T>(string name, string description, string fallback, Func<string, T?> parse, string expected)
        where T : struct
    {
        IReadOnlyList<T> ReadList(ArgumentResult r)
        {
            string text = r.Tokens.Count == 0 ? fallback : r.Tokens[0].Value;
            var values = new List<T>();
            foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (parse(part) is not { } v)
                {
                    r.AddError($"Option '{name}' takes {expected}, not '{part}'.");
                    return [];
                }
                values.Add(v);
            }
            if (values.Count == 0) r.AddError($"Option '{name}' needs at least one value, e.g. {fallback}.");
            return values;
        }
        return new Option<IReadOnlyList<T>>(name) { Description = $"{description} (default {fallback})", CustomParser = ReadList, DefaultValueFactory = ReadList };
    }

    /// <summary>One of a few words.</summary>
    public static Option<string> Choice(string name, string description, string fallback, params string[] choices)
    {
        var option = new Option<string>(name) { Description = description, DefaultValueFactory = _ => fallback };
        option.AcceptOnlyFromAmong(choices);
        return option;
    }

    static Option<T> Parsed<T>(string name, string description, Func<string, T?> parse, string expected, T? fallback) where T : struct
    {
        var option = new Option<T>(name) { Description = description, Required = fallback is null };
        option.CustomParser = r => Read(r, name, parse, expected) ?? default;
        if (fallback is { } f) option.DefaultValueFactory = _ => f;
        return option;
    }

    static T? Read<T>(ArgumentResult r, string name, Func<string, T?> parse, string expected) where T : struct
    {
        string text = r.Tokens.Count > 0 ? r.Tokens[0].Value : "";
        if (parse(text) is { } v) return v;
        r.AddError($"Option '{name}' takes {expected}, not '{text}'.");
        return null;
    }

    static Func<string, int?> WholeIn(int min, int max) =>
        t => int.TryParse(t, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int v) && v >= min && v <= max ? v : null;

    static Func<string, double?> Finite(Func<double, bool> allowed) =>
        t => double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) && allowed(v) ? v : null;

    static string Text(double v) => v.ToString(CultureInfo.InvariantCulture);
}
