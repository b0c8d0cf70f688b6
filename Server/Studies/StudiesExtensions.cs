using ExpO.Server.Models;
using ExpO.StudyData;
using ExpO.StudyData.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ExpO.Server.Studies;

/// <summary>Registers the study catalog and loads the studies at start.</summary>
public static class StudiesExtensions
{
    public static WebApplicationBuilder AddStudies(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<StudyCatalog>();
        return builder;
    }

    /// <summary>
    /// The default study takes its bundles and title from the configuration (Study:NoneModel, Study:ExpoModel, Study:Title), as the single
    /// study did before studies were rows; then every study is loaded, and one whose bundles are missing is named in
    /// the log and refused to participants (503) while the others run. Returns the studies that loaded.
    /// </summary>
    public static async Task<IReadOnlyList<StudyRuntime>> LoadStudiesAsync(this WebApplication app, string defaultTitle)
    {
        var ct = app.Lifetime.ApplicationStopping;
        var models = app.Services.GetRequiredService<IOptions<ModelOptions>>().Value;
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<StudyDbContext>();
            await db.Studies.Where(s => s.Id == StudyDefinition.DefaultId
                    && (s.ControlBundle != models.NoneModel || s.TreatmentBundle != models.ExpoModel || s.Title != defaultTitle))
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.ControlBundle, models.NoneModel).SetProperty(s => s.TreatmentBundle, models.ExpoModel)
                    .SetProperty(s => s.Title, defaultTitle), ct);
        }
        var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("ExpO.Server.Studies");
        var loaded = new List<StudyRuntime>();
        foreach (var (study, name, problem) in await app.Services.GetRequiredService<StudyCatalog>().AllAsync(ct))
        {
            if (study is null) { log.LogError("{Problem}", problem); continue; }
            log.LogInformation("Study {Name}: {Control} against {Treatment}, {Explainer}", name, study.Control.Bundle.Name,
                study.Treatment.Bundle.Name, study.Explainer);
            loaded.Add(study);
        }
        return loaded;
    }
}
