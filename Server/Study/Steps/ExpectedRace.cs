using Microsoft.EntityFrameworkCore;

namespace ExpO.Server.Study.Steps;

/// <summary>
/// The races the study resolves by retrying (a unique index or a Version check refused a write another request made
/// first): logged at Information, one line without a stack trace, since nothing is wrong. EF Core's own error events
/// for them are switched off in AddStudyDatabase; a failure nobody handles is still logged as an error by the host.
/// </summary>
public static class ExpectedRace
{
    public static void Log(ILogger log, string write, DbUpdateException e) =>
        log.LogInformation("A concurrent {Write} got there first ({Reason}); retrying on the stored state",
            write, e is DbUpdateConcurrencyException ? "version changed" : (e.InnerException ?? e).Message);
}
