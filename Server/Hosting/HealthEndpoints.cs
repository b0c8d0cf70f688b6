using ExpO.Server.Models;
using ExpO.StudyData;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ExpO.Server.Hosting;

/// <summary>
/// /alive: the process answers (for a restart policy). /health: the study can run: the database answers with every
/// migration applied, both model bundles are loaded, and the participant client's files are there (Pages/ClientFiles.cs),
/// for a load balancer or a deploy script. Neither is logged per request (<see cref="HostingExtensions.RequestLogLevel"/>),
/// and neither says more than each check's status.
/// </summary>
public static class HealthEndpoints
{
    public const string Alive = "/alive", Health = "/health";
    /// <summary>The tag of the checks /health runs (the client's files register theirs in Components).</summary>
    public const string ReadyTag = "ready";

    public static WebApplicationBuilder AddStudyHealth(this WebApplicationBuilder builder)
    {
        builder.Services.AddHealthChecks()
            .AddDbContextCheck<StudyDbContext>("database", tags: [ReadyTag])
            .AddCheck<MigrationsApplied>("migrations", tags: [ReadyTag])
            .AddCheck<BundlesLoaded>("models", tags: [ReadyTag]);
        return builder;
    }

    public static WebApplication MapStudyHealth(this WebApplication app)
    {
        app.MapHealthChecks(Alive, new HealthCheckOptions { Predicate = _ => false }).DisableHttpMetrics();
        app.MapHealthChecks(Health, new HealthCheckOptions
        {
            Predicate = c => c.Tags.Contains(ReadyTag),
            ResponseWriter = async (http, report) =>
            {
                http.Response.ContentType = "application/json; charset=utf-8";
                await http.Response.WriteAsJsonAsync(new
                {
                    status = report.Status.ToString(),
                    checks = report.Entries.ToDictionary(e => e.Key, e => e.Value.Status.ToString()),
                });
            },
        }).DisableHttpMetrics();
        return app;
    }

    sealed class MigrationsApplied(StudyDbContext db) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default) =>
            (await db.Database.GetPendingMigrationsAsync(ct)).Any()
                ? HealthCheckResult.Unhealthy("The database has migrations still to apply.")
                : HealthCheckResult.Healthy();
    }

    /// <summary>Both models answer: each predicts a finite price at the first start point (one forward pass each).</summary>
    sealed class BundlesLoaded(ModelCatalog models) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
        {
            var point = models.StartPoints[0].Select(v => (float)v).ToArray();
            Span<float> price = stackalloc float[1];
            foreach (var model in new[] { models.None, models.Expo })
            {
                model.Runtime.Predict(point, price);
                if (!float.IsFinite(price[0])) return Task.FromResult(HealthCheckResult.Unhealthy($"Model '{model.Bundle.Name}' does not give a finite price."));
            }
            return Task.FromResult(HealthCheckResult.Healthy());
        }
    }
}
