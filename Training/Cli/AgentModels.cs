using System.CommandLine;
using ExpO.Shared.Science.Bundles;
using ExpO.Shared.Science.CommandLine;

namespace ExpO.Training.Cli;

/// <summary>The agent verbs' bundles: a models folder and the names of the None and ExpO bundles in it.</summary>
internal sealed class AgentModels
{
    readonly Option<string> _folder = new("--models") { Description = "the folder of model bundles", DefaultValueFactory = _ => "models" };
    readonly Option<string> _none = new("--none") { Description = "the None bundle's name", DefaultValueFactory = _ => "none" };
    readonly Option<string> _expo = new("--expo") { Description = "the ExpO bundle's name", DefaultValueFactory = _ => "expo" };

    /// <summary>Adds the three options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        command.Options.Add(_folder);
        command.Options.Add(_none);
        command.Options.Add(_expo);
    }

    /// <summary>The two bundles; a missing folder or name is a usage error.</summary>
    public (ModelBundle None, ModelBundle Expo) Load(ParseResult r)
    {
        string folder = r.GetRequiredValue(_folder);
        if (!Directory.Exists(folder)) throw new UsageException($"--models '{folder}' is not a folder.");
        var bundles = ModelBundleFile.LoadFolder(folder);
        ModelBundle Find(Option<string> option)
        {
            string name = r.GetRequiredValue(option);
            return bundles.TryGetValue(name, out var b) ? b
                : throw new UsageException($"{option.Name} '{name}': the folder '{folder}' has no such bundle (it has {string.Join(", ", bundles.Keys)}).");
        }
        return (Find(_none), Find(_expo));
    }
}
