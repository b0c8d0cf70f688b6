namespace ExpO.Training.Data;

/// <summary>A data file that cannot be used; the message names the file and, where it applies, the line and column.</summary>
public sealed class DataFileException(string message) : Exception(message);
