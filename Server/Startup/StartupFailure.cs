using System.Reflection;
using ExpO.Shared.Science.Bundles;
using Microsoft.Extensions.Options;

namespace ExpO.Server.Startup;

/// <summary>A start that cannot go on for a reason the person deploying can fix (a file, a folder); the message says which and how.</summary>
public sealed class StartupProblemException(string message) : Exception(message);

/// <summary>
/// Turns a start-up failure the operator can fix (a wrong setting, a damaged key file, a bad bundle, missing client
/// files, a PostgreSQL that cannot be reached) into one line and exit code 2, instead of an unhandled exception's stack and "Aborted" (exit 134), where the
/// one useful sentence was buried. Anything else is a bug and keeps its stack.
/// </summary>
public static class StartupFailure
{
    /// <summary>The exit code of a refused start, as for a wrong command-line option.</summary>
    public const int ExitCode = 2;

    /// <summary>The line to print, or null when the exception is not an operator's to fix.</summary>
    public static string? Describe(Exception e) => e switch
    {
        OptionsValidationException o => OneLine(string.Join(" ", o.Failures)),
        AggregateException a when a.InnerExceptions.Count > 0 && a.InnerExceptions.All(i => Describe(i) is not null) =>
            string.Join(" ", a.InnerExceptions.Select(Describe)),
        StartupProblemException or BundleFormatException => OneLine(e.Message),
        // Met at the migrations, the first query: a wrong host, port, password or database name, or a server not up yet.
        // EF hands a failed connection on wrapped as "likely due to a transient failure".
        Npgsql.NpgsqlException or InvalidOperationException { InnerException: Npgsql.NpgsqlException } =>
            OneLine($"the PostgreSQL database cannot be used ({(e as Npgsql.NpgsqlException ?? e.InnerException)!.Message}); check Database:ConnectionString and that PostgreSQL is running."),
        _ => null,
    };

    /// <summary>
    /// True when this process is the server itself. Hosted by another program (the tests' WebApplicationFactory), a
    /// failure is thrown on to that program, which reports it its own way.
    /// </summary>
    public static bool OwnsProcess => Assembly.GetEntryAssembly() == typeof(StartupFailure).Assembly;

    /// <summary>
    /// Runs every ValidateOnStart check now, in the program's own code: inside Run the host logs a failure with its
    /// stack before it reaches the program.
    /// </summary>
    public static void ValidateSettings(this WebApplication app) => app.Services.GetService<IStartupValidator>()?.Validate();

    public static int Report(string problem)
    {
        Console.Error.WriteLine($"The study server did not start: {problem}");
        return ExitCode;
    }

    static string OneLine(string text) => string.Join(" ", text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
