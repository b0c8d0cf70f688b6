namespace ExpO.Server.Analysis;

/// <summary>A data file that cannot be read, with the line to look at. Nothing of such a file is used.</summary>
public sealed class DatasetFormatException(int line, string message) : Exception($"line {line}: {message}")
{
    public int Line { get; } = line;
}
