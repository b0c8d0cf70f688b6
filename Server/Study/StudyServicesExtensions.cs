using ExpO.Migrations;
using ExpO.Server.Explanations;
using Microsoft.Extensions.Options;

namespace ExpO.Server.Study;

public static class StudyServicesExtensions
{
    /// <summary>Options, the explanation service, keys, the participant cache and the study service.</summary>
    public static WebApplicationBuilder AddStudyServices(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<StudyOptions>(builder.Configuration.GetSection(StudyOptions.Section));
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, Shared.Contracts.StudyJsonContext.Default));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(sp => sp.GetRequiredService<IOptions<StudyOptions>>().Value);
        builder.Services.AddSingleton<StudyViews>();
        builder.Services.AddSingleton<ExplanationService>();
        builder.Services.AddSingleton(sp =>
        {
            // Created on first use, after start-up has applied the migrations.
            using var scope = sp.CreateScope();
            return ParticipantKeys.Load(scope.ServiceProvider.GetRequiredService<StudyDbContext>());
        });
        builder.Services.AddSingleton<ParticipantCache>();
        builder.Services.AddScoped<StudyService>();
        return builder;
    }
}
