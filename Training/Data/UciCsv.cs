using System.Globalization;

namespace ExpO.Training.Data;

/// <summary>
/// Reads a dataset's CSV (see data/README.md): a header line, then rows of a leftover index column (dropped), the
/// features in a fixed order and the target last; or a researcher's own CSV with a named target column. A file with another column count, a cell that is not a finite
/// number or too few rows is refused with its file, line and column.
/// </summary>
public static class UciCsv
{
    public const int MinimumRows = 8;      // enough for a 50/25/25 split with two rows per part

    /// <summary>The housing data (data/housing.csv) the study's bundles were trained on.</summary>
    public static Dataset LoadHousing(string path) => Load(path, UciDatasets.Housing);

    public static Dataset Load(string path, DatasetSettings settings)
    {
        var lines = ReadLines(path, $"a header line with {settings.Columns} columns");
        int headerColumns = lines[0].Split(',').Length;
        if (headerColumns != settings.Columns)
            throw new DataFileException($"{path}:1: the header has {headerColumns} columns; expected {settings.Columns} (index, {settings.FeatureNames.Count} features, {settings.TargetName}).");
        // Column 0 is the leftover row index; the features follow in order and the target is last.
        string[] names = ["index", .. settings.FeatureNames, settings.TargetName];
        return Rows(path, lines, names, [.. Enumerable.Range(1, settings.FeatureNames.Count)], settings.Columns - 1, settings.FeatureNames);
    }

    /// <summary>
    /// A researcher's own CSV: a header of column names, the target the column named <paramref name="target"/>, every
    /// other column a feature (so a row-number column must be removed first). Refused like the shipped files.
    /// </summary>
    public static Dataset LoadWithTarget(string path, string target)
    {
        var lines = ReadLines(path, $"a header line naming the columns, {target} among them");
        var names = lines[0].Split(',').Select(n => n.Trim().Trim('"')).ToArray();
        int targetColumn = Array.IndexOf(names, target);
        if (targetColumn < 0) throw new DataFileException($"{path}:1: no column is named '{target}' (the columns: {string.Join(", ", names)}).");
        if (names.Any(string.IsNullOrEmpty)) throw new DataFileException($"{path}:1: a column has no name; name every column (remove a row-number column).");
        if (names.Length < 2) throw new DataFileException($"{path}:1: the file needs at least one feature column beside '{target}'.");
        int[] features = [.. Enumerable.Range(0, names.Length).Where(c => c != targetColumn)];
        return Rows(path, lines, names, features, targetColumn, [.. features.Select(c => names[c])]);
    }

    static string[] ReadLines(string path, string expectedHeader)
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
            throw new DataFileException($"{path}:1: the file is empty; expected {expectedHeader}.");
        return lines;
    }

    /// <summary>The data rows: each cell of <paramref name="features"/> and <paramref name="target"/> a finite number.</summary>
    static Dataset Rows(string path, string[] lines, string[] names, int[] features, int target, IReadOnlyList<string> featureNames)
    {
        var rows = new List<double[]>();
        var targets = new List<double>();
        for (int i = 1; i < lines.Length; i++)
        {
            int lineNo = i + 1;
            if (lines[i].Trim().Length == 0) continue; // a trailing blank line is harmless
            var cells = lines[i].Split(',');
            if (cells.Length != names.Length)
                throw new DataFileException($"{path}:{lineNo}: {cells.Length} columns; expected {names.Length}.");
            double Cell(int c)
            {
                string cell = cells[c].Trim();
                if (!double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
                    throw new DataFileException($"{path}:{lineNo}: column {c + 1} ({names[c]}) is '{cell}', not a number.");
                if (!double.IsFinite(value))
                    throw new DataFileException($"{path}:{lineNo}: column {c + 1} ({names[c]}) is '{cell}', not a finite number.");
                return value;
            }
            rows.Add([.. features.Select(Cell)]);
            targets.Add(Cell(target));
        }
        if (rows.Count < MinimumRows)
            throw new DataFileException($"{path}: {rows.Count} data rows; at least {MinimumRows} are needed to split into train, validation and test.");
        return new Dataset(featureNames, rows.ToArray(), targets.ToArray());
    }
}
