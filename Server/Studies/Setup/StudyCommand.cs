using System.CommandLine;
using System.Text.Json;
using ExpO.Server.Data;
using ExpO.Server.Models;
using ExpO.Server.Study.Settings;
using ExpO.Shared.Science.Bundles;
using ExpO.Shared.Science.CommandLine;
using ExpO.Shared.Study;
using ExpO.StudyData;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ExpO.Server.Studies.Setup;

/// <summary>
/// `study create` and `study list`: studies for scripts, on the database and models folder the server uses (settings
/// as --Database:Path=FILE, --Study:ModelsPath=FOLDER). A running server finds a new study the first time its link is used.
/// </summary>
public static class StudyCommand
{
    /// <summary>The verb and its two sub-verbs.</summary>
    public static Command Create() => new("study", "Create and list studies (settings as --Database:Path=FILE, --Study:ModelsPath=FOLDER).")
    {
        CreateCommand(),
        ListCommand(),
    };

    static Command CreateCommand()
    {
        var name = new Option<string>("--name") { Description = "the study's link name: /study/NAME (lower-case letters, digits, '-')", Required = true };
        var bundles = new Option<string>("--bundles")
        {
            Description = "the two bundles, control first: names or files in the models folder (none,expo or models/none.bundle.json,models/expo.bundle.json)",
            Required = true,
        };
        var explainer = CliOptions.Choice("--explainer", "the explainer participants see: lime or maple", "lime", "lime", "maple");
        var title = new Option<string?>("--title") { Description = "the title on its pages (default: the name)" };
        var quantity = new Option<string>("--quantity") { Description = "what the models predict, as participants read it", DefaultValueFactory = _ => "value" };
        var subject = new Option<string>("--subject") { Description = "what each row is, a noun (house, wine)", DefaultValueFactory = _ => "case" };
        var prefix = new Option<string>("--unit-prefix") { Description = "written before a value ($)", DefaultValueFactory = _ => "" };
        var suffix = new Option<string>("--unit-suffix") { Description = "written after a value (\" points\")", DefaultValueFactory = _ => "" };
        var decimals = CliOptions.WholeNumber("--decimals", "digits after the point participants see", 2, 0, 4);
        var scale = CliOptions.Number("--scale", "display units per unit of the dataset's target (1000 for MEDV in $1000s)", 1, 1e-9, 1e9);
        var excludes = new Option<string?>("--excludes") { Description = "studies whose participants this one turns away (and the other way round), comma-separated" };
        var closed = new Option<bool>("--closed") { Description = "create it closed to new participants (default: open)" };
        var json = new Option<bool>("--json") { Description = "print the new study as JSON" };
        var command = new Command("create", "A new study on two bundles of the models folder, with the default study's settings.")
        {
            name, bundles, explainer, title, quantity, subject, prefix, suffix, decimals, scale, excludes, closed, json,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (r, ct) =>
        {
            var pair = Names(r.GetRequiredValue(bundles));
            if (pair.Count != 2) throw new UsageException("--bundles takes two bundles, control first: --bundles none,expo.");
            var request = new NewStudy(
                r.GetRequiredValue(name), r.GetValue(title) ?? r.GetRequiredValue(name), BundleName(pair[0]), BundleName(pair[1]),
                r.GetRequiredValue(explainer) == "maple" ? StudyExplainer.Maple : StudyExplainer.Lime,
                new StudyQuantity
                {
                    Name = r.GetRequiredValue(quantity),
                    Subject = r.GetRequiredValue(subject),
                    Prefix = r.GetRequiredValue(prefix),
                    Suffix = r.GetRequiredValue(suffix),
                    Decimals = r.GetValue(decimals),
                    Scale = r.GetValue(scale),
                },
                r.GetValue(excludes) is { } list ? Names(list) : [], !r.GetValue(closed));
            await using var services = Services(r.UnmatchedTokens);
            using var scope = services.CreateScope();
            var (created, problems) = await scope.ServiceProvider.GetRequiredService<StudyCreation>().CreateAsync(request, "study verb", ct);
            var stdout = r.InvocationConfiguration.Output;
            if (created is null)
            {
                foreach (var p in problems) r.InvocationConfiguration.Error.WriteLine($"error: {p}");
                return 1;
            }
            if (r.GetValue(json)) stdout.WriteLine(JsonSerializer.Serialize(created, Json));
            else stdout.WriteLine($"Created study '{created.Name}' ({created.ControlBundle} against {created.TreatmentBundle}, {created.Explainer}), " +
                $"{(created.Open ? "open" : "closed")}; its link is /study/{created.Name}.");
            return 0;
        });
        return command;
    }

    static Command ListCommand()
    {
        var json = new Option<bool>("--json") { Description = "print a JSON array" };
        var command = new Command("list", "Every study: name, title, explainer, bundles, open or closed, participants.") { json };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (r, ct) =>
        {
            await using var services = Services(r.UnmatchedTokens);
            using var scope = services.CreateScope();
            var list = await scope.ServiceProvider.GetRequiredService<StudyCreation>().ListAsync(ct);
            var stdout = r.InvocationConfiguration.Output;
            if (r.GetValue(json)) { stdout.WriteLine(JsonSerializer.Serialize(list, Json)); return 0; }
            foreach (var s in list)
                stdout.WriteLine($"{s.Name,-20} {(s.Open ? "open" : "closed"),-7} {s.Explainer,-6} {s.ControlBundle} / {s.TreatmentBundle}  " +
                    $"{s.Participants} participants, {s.Simulated} simulated  {s.Title}");
            return 0;
        });
        return command;
    }

    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    static List<string> Names(string list) => [.. list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];

    /// <summary>A bundle as named in the models folder: "none" from "none" or "models/none.bundle.json".</summary>
    static string BundleName(string given)
    {
        var file = Path.GetFileName(given);
        return file.EndsWith(ModelBundleFile.Extension, StringComparison.OrdinalIgnoreCase) ? file[..^ModelBundleFile.Extension.Length] : file;
    }

    /// <summary>
    /// What the verb needs of the server, configured as the server is: the study database (which must exist and be
    /// migrated: the server creates it at its first start) and the models folder.
    /// </summary>
    static ServiceProvider Services(IEnumerable<string> words)
    {
        var database = VerbDatabase.For(words);
        var contextOptions = database.ContextOptions(readOnly: false);
        var models = database.Configuration.GetSection(ModelOptions.Section).Get<ModelOptions>() ?? new ModelOptions();
        var folder = Path.GetFullPath(Path.Combine(database.ContentRoot, models.ModelsPath));
        var services = new ServiceCollection();
        services.AddScoped(_ => new StudyDbContext(contextOptions));
        services.AddSingleton(new ModelCatalog(folder, models.NoneModel, models.ExpoModel));
        services.AddSingleton<StudyCatalog>();
        services.AddSingleton(new WriteGate(serialize: database.Provider == DatabaseProvider.Sqlite));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(Options.Create(new StudyOptions()));
        services.AddScoped<StudySettingsStore>();
        services.AddScoped<StudyCreation>();
        var provider = services.BuildServiceProvider();
        using var scope = provider.CreateScope();
        if (scope.ServiceProvider.GetRequiredService<StudyDbContext>().Database.GetPendingMigrations().Any())
            throw new InvalidDataException($"the study database ({database.Name}) is from an older version; start the server once to bring it up to date.");
        return provider;
    }
}
