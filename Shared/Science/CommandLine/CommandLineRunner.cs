using System.CommandLine;

namespace ExpO.Shared.Science.CommandLine;

/// <summary>
/// Runs a program's verbs the same way in every program of the solution: `--help` on stdout with exit 0; a bad
/// command line, or a value a verb refuses (<see cref="UsageException"/>), as "error: ..." lines on stderr with exit 2
/// and the help command to read; what the verb returns otherwise.
/// </summary>
public static class CommandLineRunner
{
    /// <summary>The exit code of a command line that could not be run as given (as in BSD's sysexits: usage).</summary>
    public const int BadArguments = 2;

    /// <summary>Parses <paramref name="args"/> against <paramref name="root"/> and runs the verb they name.</summary>
    public static async Task<int> RunAsync(RootCommand root, IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr,
        CancellationToken ct = default)
    {
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
            return Refuse(stderr, parsed, parsed.Errors.Select(e => e.Message));
        try
        {
            // Exceptions other than a refused value are the program's to report (a bad data file is exit 1, not 2).
            var invocation = new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false };
            return await parsed.InvokeAsync(invocation, ct);
        }
        catch (UsageException e)
        {
            return Refuse(stderr, parsed, [e.Message]);
        }
    }

    static int Refuse(TextWriter stderr, ParseResult parsed, IEnumerable<string> messages)
    {
        foreach (var message in messages) stderr.WriteLine($"error: {message}");
        var path = new List<string>();
        for (var command = parsed.CommandResult; command is not null; command = command.Parent as System.CommandLine.Parsing.CommandResult)
            path.Insert(0, command.Command.Name);
        stderr.WriteLine($"Run '{string.Join(' ', path)} --help' for the options.");
        return BadArguments;
    }
}
