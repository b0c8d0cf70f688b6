namespace ExpO.Shared.Science.CommandLine;

/// <summary>A value on the command line that parses but cannot be used (a missing folder, two options that exclude
/// each other); <see cref="CommandLineRunner"/> reports it as a bad command line, exit 2.</summary>
public sealed class UsageException(string message) : Exception(message);
