using System.Globalization;

namespace ExpO.Server.Analysis;

/// <summary>How the reports print a statistic: up to three decimals, or a mark when there is none (too few participants).</summary>
public static class Statistic
{
    public static string Text(double? value, string none = "–") =>
        value is { } x && double.IsFinite(x) ? x.ToString("0.###", CultureInfo.InvariantCulture) : none;
}

/// <summary>How a p-value is printed: three decimals, and "&lt; 0.001" below that (never "p = 0", which no test gives).</summary>
public static class PValue
{
    /// <summary>Below this a p-value prints as "&lt; 0.001": three decimals cannot show it, and it is not zero.</summary>
    public const double Smallest = 0.001;

    /// <summary>A table cell: "0.012", "&lt; 0.001", or "–" when there is no test.</summary>
    public static string Cell(double? p, string none = "–") =>
        p is { } x && double.IsFinite(x) && x < Smallest ? "< 0.001" : Statistic.Text(p, none);

    /// <summary>In a sentence: "p = 0.012", "p &lt; 0.001".</summary>
    public static string Equation(double? p, string none = "–") => p is { } x && double.IsFinite(x) && x < Smallest ? "p < 0.001" : "p = " + Cell(p, none);
}
