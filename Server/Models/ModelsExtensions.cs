using ExpO.Shared.Bundles;
using ExpO.Shared.Inference;

namespace ExpO.Server.Models;

/// <summary>A loaded bundle with its managed runtime, shared by every request.</summary>
public sealed record LoadedModel(ModelBundle Bundle, MlpRuntime Runtime);

/// <summary>The study's models, loaded once at start-up from the configured folder (default models/).</summary>
public sealed class ModelCatalog
{
    public IReadOnlyDictionary<string, LoadedModel> Models { get; }

    public ModelCatalog(string folder)
    {
        Models = ModelBundleFile.LoadFolder(folder)
            .ToDictionary(kv => kv.Key, kv => new LoadedModel(kv.Value, new MlpRuntime(kv.Value)), StringComparer.OrdinalIgnoreCase);
    }
}

public static class ModelsExtensions
{
    /// <summary>Registers the model catalog; a missing or broken bundle stops start-up with the bundle's error.</summary>
    public static WebApplicationBuilder AddStudyModels(this WebApplicationBuilder builder)
    {
        var folder = builder.Configuration["Study:ModelsPath"] ?? "models";
        if (!Path.IsPathRooted(folder)) folder = Path.Combine(builder.Environment.ContentRootPath, folder);
        builder.Services.AddSingleton(new ModelCatalog(folder));
        return builder;
    }

    public static WebApplication MapModelInfo(this WebApplication app)
    {
        app.MapGet("/api/v1/health", (ModelCatalog catalog) => Results.Ok(new
        {
            status = "ok",
            models = catalog.Models.Values.Select(m => new { m.Bundle.Name, m.Bundle.Regularizer, startPoints = m.Bundle.StartPoints.Count }),
        }));
        return app;
    }
}
