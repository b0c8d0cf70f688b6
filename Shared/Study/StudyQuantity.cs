using System.Globalization;
using System.Text.Json.Serialization;

namespace ExpO.Shared.Study;

/// <summary>
/// What a study's models predict, as participants read it: its name ("price"), what it is the quantity of ("house"),
/// and how a value is written (prefix, suffix, decimals). The server turns standardized predictions into this unit with
/// <see cref="Scale"/>; the page only formats.
/// </summary>
public sealed record StudyQuantity
{
    /// <summary>The paper's housing study: MEDV is in $1000s, shown as whole dollars.</summary>
    public static readonly StudyQuantity HousePrice = new() { Name = "price", Subject = "house", Prefix = "$", Scale = 1000, Decimals = 0 };

    /// <summary>What is predicted, in lower case as in a sentence ("price", "quality").</summary>
    public string Name { get; init; } = "value";
    /// <summary>What each row of the data is, a noun in lower case ("house", "wine").</summary>
    public string Subject { get; init; } = "case";
    public string Prefix { get; init; } = "";
    public string Suffix { get; init; } = "";
    /// <summary>Display units in one unit of the dataset's target (1000 for MEDV, given in $1000s).</summary>
    public double Scale { get; init; } = 1;
    /// <summary>Digits after the point that participants see (and that values are rounded to).</summary>
    public int Decimals { get; init; }

    /// <summary>The subject with its article, as in "the price of a house".</summary>
    [JsonIgnore]
    public string SubjectWithArticle => ("aeiou".Contains(char.ToLowerInvariant(Subject.FirstOrDefault('x'))) ? "an " : "a ") + Subject;

    /// <summary>A value rounded as shown.</summary>
    public double Round(double value) => Math.Round(value, Decimals);

    /// <summary>A value as the page writes it: "$312,000", "5.62 points".</summary>
    public string Format(double value) => (value < 0 ? "-" : "") + Magnitude(value);

    /// <summary>A change, always signed: "+$5,000", "−0.12".</summary>
    public string FormatChange(double value) => (value >= 0 ? "+" : "−") + Magnitude(value);

    /// <summary>The unsigned value with its unit, thousands separated, to the study's decimals.</summary>
    string Magnitude(double value) =>
        Prefix + Math.Abs(value).ToString("N" + Decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) + Suffix;
}
