namespace ExpO.Training.Cli;

/// <summary>The command line was wrong; the message says how, and the usage text follows it.</summary>
public sealed class UsageException(string message) : Exception(message);
