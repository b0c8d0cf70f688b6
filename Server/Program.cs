using ExpO.Server.Admin;
using ExpO.Server.Components;
using ExpO.Server.Data;
using ExpO.Server.Hosting;
using ExpO.Server.Models;
using ExpO.Server.Startup;
using ExpO.Server.Studies;
using ExpO.Server.Study;
using ExpO.Server.Study.Entry;
using ExpO.Server.Study.Limits;
using ExpO.Server.Study.Steps;

// `analyze` and `backup` run instead of the web host (Hosting/ServerCommandLine.cs).
if (ServerCommandLine.IsVerb(args))
    return await ServerCommandLine.RunAsync(args, Console.Out, Console.Error);

// A wrong setting, key file, bundle or folder: one line naming it and exit code 2 (Startup/StartupFailure.cs).
try
{
    var builder = WebApplication.CreateBuilder(args);
    builder.AddStudyHosting();
    builder.AddStudyModels();
    builder.AddStudies();
    builder.AddStudyDatabase();
    builder.AddStudyServices();
    builder.AddStudyLimits();
    builder.AddStudyPages();
    builder.AddStudyAdmin();
    builder.AddStudyHealth();

    var app = builder.Build();
    await app.InitialiseStudyAsync();
    app.UseStudyLimits();
    app.UseStudyHosting();
    app.UseStudySecurityHeaders();
    app.UseStudyCaching();
    app.UseStudyAdmin();
    app.UseParticipantPageOpens();
    app.MapStudyHealth();
    app.MapStudyApi();
    app.MapEntryPages();
    app.MapStudyAdmin();
    app.MapStudyPages();
    app.Run();
    return 0;
}
catch (Exception e) when (StartupFailure.OwnsProcess && StartupFailure.Describe(e) is { } problem)
{
    return StartupFailure.Report(problem);
}

/// <summary>Visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;
