using System.Globalization;

namespace ExpO.Training.Data;

/// <summary>
/// Reads the housing CSV (see data/README.md): a header line, then rows of a leftover index column (dropped),
/// the 11 features in a fixed order and the target MEDV.
/// </summary>
public static class HousingCsv
{
    public static readonly IReadOnlyList<string> FeatureNames =
        ["CRIM", "INDUS", "NOX", "RM", "AGE", "DIS", "RAD", "TAX", "PTRATIO", "B", "LSTAT"];
    public const string TargetName = "MEDV";
    public const int ExpectedColumns = 13; // index + 11 features + MEDV
    public const int MinimumRows = 8;      // enough for a 50/25/25 split with two rows per part

    public static Dataset Load(string path)
    {
        if (string.IsNullOrWhiteSpace(path)) throw new DataFileException("No data file was given.");
        if (Directory.Exists(path)) throw new DataFileException($"Data file '{path}' is a folder, not a CSV file.");
        if (!File.Exists(path)) throw new DataFileException($"Data file '{path}' does not exist.");
        string[] lines;
        try { lines = File.ReadAllLines(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DataFileException($"Data file '{path}' cannot be read: {e.Message}");
        }
        if (lines.Length == 0 || lines[0].Trim().Length == 0)
            throw new DataFileException($"{path}:1: the file is empty; expected a header line with {ExpectedColumns} columns.");
        int headerColumns = lines[0].Split(',').Length;
        if (headerColumns != ExpectedColumns)
            throw new DataFileException($"{path}:1: the header has {headerColumns} columns; expected {ExpectedColumns} (index, {FeatureNames.Count} features, {TargetName}).");

        var features = new List<double[]>();
        var targets = new List<double>();
        for (int i = 1; i < lines.Length; i++)
        {
            int lineNo = i + 1;
            if (lines[i].Trim().Length == 0) continue; // a trailing blank line is harmless
            var cells = lines[i].Split(',');
            if (cells.Length != ExpectedColumns)
                throw new DataFileException($"{path}:{lineNo}: {cells.Length} columns; expected {ExpectedColumns}.");
            var row = new double[FeatureNames.Count];
            for (int c = 1; c < ExpectedColumns; c++)
            {
                string name = c <= FeatureNames.Count ? FeatureNames[c - 1] : TargetName;
                string cell = cells[c].Trim();
                if (!double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
                    throw new DataFileException($"{path}:{lineNo}: column {c + 1} ({name}) is '{cell}', not a number.");
                if (!double.IsFinite(value))
                    throw new DataFileException($"{path}:{lineNo}: column {c + 1} ({name}) is '{cell}', not a finite number.");
                if (c <= FeatureNames.Count) row[c - 1] = value; else targets.Add(value);
            }
            features.Add(row);
        }
        if (features.Count < MinimumRows)
            throw new DataFileException($"{path}: {features.Count} data rows; at least {MinimumRows} are needed to split into train, validation and test.");
        return new Dataset(FeatureNames, features.ToArray(), targets.ToArray());
    }
}
