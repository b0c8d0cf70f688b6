using System.Globalization;

namespace ExpO.Training.Data;

/// <summary>
/// Reads a dataset's CSV (see data/README.md): a header line, then rows of a leftover index column (dropped), the
/// features in a fixed order and the target last. A file with another column count, a cell that is not a finite
/// number or too few rows is refused with its file, line and column.
/// </summary>
public static class UciCsv
{
    public const int MinimumRows = 8;      // enough for a 50/25/25 split with two rows per part

    /// <summary>The housing data (data/housing.csv) the study's bundles were trained on.</summary>
    public static Dataset LoadHousing(string path) => Load(path, UciDatasets.Housing);

    public static Dataset Load(string path, DatasetSettings settings)
    {
        var featureNames = settings.FeatureNames;
        string targetName = settings.TargetName;
        int expectedColumns = settings.Columns;
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
            throw new DataFileException($"{path}:1: the file is empty; expected a header line with {expectedColumns} columns.");
        int headerColumns = lines[0].Split(',').Length;
        if (headerColumns != expectedColumns)
            throw new DataFileException($"{path}:1: the header has {headerColumns} columns; expected {expectedColumns} (index, {featureNames.Count} features, {targetName}).");

        var features = new List<double[]>();
        var targets = new List<double>();
        for (int i = 1; i < lines.Length; i++)
        {
            int lineNo = i + 1;
            if (lines[i].Trim().Length == 0) continue; // a trailing blank line is harmless
            var cells = lines[i].Split(',');
            if (cells.Length != expectedColumns)
                throw new DataFileException($"{path}:{lineNo}: {cells.Length} columns; expected {expectedColumns}.");
            var row = new double[featureNames.Count];
            for (int c = 1; c < expectedColumns; c++)
            {
                string name = c <= featureNames.Count ? featureNames[c - 1] : targetName;
                string cell = cells[c].Trim();
                if (!double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
                    throw new DataFileException($"{path}:{lineNo}: column {c + 1} ({name}) is '{cell}', not a number.");
                if (!double.IsFinite(value))
                    throw new DataFileException($"{path}:{lineNo}: column {c + 1} ({name}) is '{cell}', not a finite number.");
                if (c <= featureNames.Count) row[c - 1] = value; else targets.Add(value);
            }
            features.Add(row);
        }
        if (features.Count < MinimumRows)
            throw new DataFileException($"{path}: {features.Count} data rows; at least {MinimumRows} are needed to split into train, validation and test.");
        return new Dataset(featureNames, features.ToArray(), targets.ToArray());
    }
}
