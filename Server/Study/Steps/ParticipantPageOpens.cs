using ExpO.Server.Data;
using ExpO.Server.Study.Keys;
using ExpO.StudyData;
using Microsoft.EntityFrameworkCore;

namespace ExpO.Server.Study.Steps;

/// <summary>
/// Counts every opening of a participant's own page (/s/{token}): the first after entry, then each reload or resume
/// on another device. The dashboard flags participants who reopened it many times (shared links, trouble).
/// </summary>
public static class ParticipantPageOpens
{
    public static WebApplication UseParticipantPageOpens(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            if (HttpMethods.IsGet(context.Request.Method) && TokenOf(context.Request.Path) is { } token)
            {
                var hash = ParticipantKeys.TokenHash(token);
                var db = context.RequestServices.GetRequiredService<StudyDbContext>();
                // One column, without the Version: a count must not make a click in flight on another tab fail.
                using (await context.RequestServices.GetRequiredService<WriteGate>().EnterAsync(context.RequestAborted))
                    await db.Participants.Where(p => p.TokenHash == hash)
                        .ExecuteUpdateAsync(u => u.SetProperty(p => p.PageOpens, p => p.PageOpens + 1), context.RequestAborted);
            }
            await next();
        });
        return app;
    }

    static string? TokenOf(PathString path) =>
        path.StartsWithSegments("/s", out var rest) && rest.Value is ['/', .. var token] && token.Length is > 0 and <= 100 && !token.Contains('/')
            ? token : null;
}
