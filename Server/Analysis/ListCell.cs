using System.Globalization;

namespace ExpO.Server.Analysis;

/// <summary>A list in one cell of a data file, written "[12, 3, 7]" (the published format's, and our exports').</summary>
public static class ListCell
{
    public static string Format<T>(IEnumerable<T> values) =>
        "[" + string.Join(", ", values.Select(v => Convert.ToString(v, CultureInfo.InvariantCulture))) + "]";

    /// <summary>The items of a list cell; an empty item ("[1,,2]") is kept, so a caller refuses it.</summary>
    public static IReadOnlyList<string> Items(int line, string column, string cell)
    {
        var s = cell.Trim();
        if (s.Length < 2 || s[0] != '[' || s[^1] != ']')
            throw new DatasetFormatException(line, $"{column} must be a list like [12, 3, 7], not \"{cell}\".");
        var inner = s[1..^1].Trim();
        return inner.Length == 0 ? [] : inner.Split(',').Select(p => p.Trim()).ToArray();
    }

    public static IReadOnlyList<int> Ints(int line, string column, string cell) =>
        Items(line, column, cell).Select(v => int.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)
            ? n : throw new DatasetFormatException(line, $"{column} has \"{v}\", which is not a whole number.")).ToArray();

    /// <summary>Steps per round: a non-empty list of whole numbers of 0 or more.</summary>
    public static IReadOnlyList<int> Steps(int line, string column, string cell)
    {
        var values = Ints(line, column, cell);
        if (values.Count == 0 || values.Any(v => v < 0))
            throw new DatasetFormatException(line, $"{column} must list the steps of each round, whole numbers of 0 or more, like [12, 3, 7].");
        return values;
    }
}
