using System.CommandLine;
using ExpO.Shared.Science.CommandLine;

namespace ExpO.Training.Cli;

/// <summary>The research CLI's verbs: train one bundle, evaluate regularizers over repeated trials, run the agent.</summary>
public static class TrainingCommandLine
{
    /// <summary>The verbs, with their options and help texts.</summary>
    public static RootCommand Create() => new("ExpO training: train housing models, measure how well LIME explains them, run the agent.")
    {
        TrainCommand.Create(),
        EvaluateCommand.Create(),
        new Command("agent", "The greedy softmax agent: offline sweep or online play.") { AgentSweepCommand.Create(), AgentPlayCommand.Create() },
    };

    /// <summary>Runs the command line: exit 0 when done, 1 for a bad data or bundle file, 2 for a bad command line.</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr) =>
        CommandLineRunner.RunAsync(Create(), args, stdout, stderr).GetAwaiter().GetResult();
}
