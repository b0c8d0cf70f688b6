using ExpO.Shared.Bundles;
using ExpO.Training.Cli;
using ExpO.Training.Data;

// The research CLI: clear messages and exit codes for the user, never a stack trace for expected failures.
try
{
    return Commands.Run(args, Console.Out, Console.Error);
}
catch (UsageException e)
{
    Console.Error.WriteLine($"error: {e.Message}");
    Console.Error.WriteLine();
    Console.Error.WriteLine(Commands.Usage);
    return 2;
}
catch (Exception e) when (e is DataFileException or BundleFormatException)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return 1;
}
catch (Exception e) when (e is IOException or UnauthorizedAccessException)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return 1;
}
