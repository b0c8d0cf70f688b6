using ExpO.Server.Admin;
using ExpO.Server.Analysis;
using ExpO.Server.Components;
using ExpO.Server.Data;
using ExpO.Server.Hosting;
using ExpO.Server.Models;
using ExpO.Server.Startup;
using ExpO.Server.Study;

// `analyze`: the study's statistics on stdout, without starting the web host (Server/Analysis/AnalyzeCommand.cs).
if (args is [AnalyzeCommand.Verb, ..])
    return await AnalyzeCommand.RunAsync(args[1..], Console.Out, Console.Error);
// `backup`: a consistent copy of the database while the study runs (Server/Data/BackupCommand.cs).
if (args is [BackupCommand.Verb, ..])
    return await BackupCommand.RunAsync(args[1..], Console.Out, Console.Error);

// A wrong setting, key file, bundle or folder: one line naming it and exit code 2 (Startup/StartupFailure.cs).
try
{
    var builder = WebApplication.CreateBuilder(args);
    builder.AddStudyHosting();
    builder.AddStudyModels();
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
