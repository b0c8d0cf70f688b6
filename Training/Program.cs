using ExpO.Shared.Science.Bundles;
using ExpO.Training.Cli;
using ExpO.Training.Data;

// The research CLI: clear messages and exit codes for the user, never a stack trace for expected failures
// (2 for a bad command line: CommandLineRunner; 1 for a file that cannot be read or written).
try
{
    return TrainingCommandLine.Run(args, Console.Out, Console.Error);
}
catch (Exception e) when (e is DataFileException or BundleFormatException or IOException or UnauthorizedAccessException)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return 1;
}
