using ExpO.Server.Models;
using ExpO.Server.Studies;
using ExpO.Server.Study.Entry;
using ExpO.Server.Study.Limits;
using ExpO.Server.Study.Settings;
using ExpO.Server.Study.Steps;
using ExpO.Shared.Study.Contracts;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace ExpO.Server.Study;

/// <summary>The versioned participant API (/api/v1): the only way the browser client and the agent change anything.</summary>
public static class StudyApiEndpoints
{
    public static WebApplication MapStudyApi(this WebApplication app)
    {
        var api = app.MapGroup(StudyRoutes.Prefix).AddEndpointFilter<StudyProblemFilter>().DisableAntiforgery();

        api.MapGet("/study", async Task<Ok<StudyInfo>> (string? study, IOptions<StudyOptions> o, StudySettingsStore settings, EntryService entry,
            CancellationToken ct) =>
        {
            var found = await entry.StudyAsync(study, ct);
            return TypedResults.Ok(o.Value.PublicInfo(found, await settings.CurrentAsync(found.Id, ct)));
        });

        api.MapPost("/participants", async Task<Ok<EntryResponse>> (EntryRequest request, EntryService entry, CancellationToken ct) =>
            TypedResults.Ok(await entry.EnterAsync(request, ct)));

        var participant = api.MapGroup("/participants/{token}");
        participant.MapGet("", async Task<Ok<ParticipantState>> (string token, ParticipantStore store, CancellationToken ct) =>
            TypedResults.Ok(await store.StateAsync(token, ct)));
        participant.MapGet("/study", async Task<Ok<StudyInfo>> (string token, StudyPageLoader page, CancellationToken ct) =>
            TypedResults.Ok(await page.InfoAsync(token, ct)));
        participant.MapPost("/consent", async Task<Ok<ParticipantState>> (string token, StageService stages, CancellationToken ct) =>
            TypedResults.Ok(await stages.ConsentAsync(token, ct)));
        participant.MapPost("/instructions", async Task<Ok<ParticipantState>> (string token, StageService stages, CancellationToken ct) =>
            TypedResults.Ok(await stages.FinishInstructionsAsync(token, ct)));
        participant.MapPost("/practice", async Task<Ok<PracticeResponse>> (string token, PracticeRequest request, PracticeService practice, CancellationToken ct) =>
            TypedResults.Ok(await practice.PracticeAsync(token, request, ct))).RequireRateLimiting(StudyLimits.StepPolicy);
        participant.MapPost("/steps", async Task<Ok<StepResponse>> (string token, StepRequest request, StepService steps, CancellationToken ct) =>
            TypedResults.Ok(await steps.StepAsync(token, request, ct))).RequireRateLimiting(StudyLimits.StepPolicy);
        participant.MapPost("/round-answers", async Task<Ok<ParticipantState>> (string token, RoundAnswersRequest request, StageService stages, CancellationToken ct) =>
            TypedResults.Ok(await stages.AnswerRoundAsync(token, request, ct)));
        participant.MapPost("/final-answers", async Task<Ok<ParticipantState>> (string token, FinalAnswersRequest request, StageService stages, CancellationToken ct) =>
            TypedResults.Ok(await stages.AnswerFinalAsync(token, request, ct)));

        // Anything else under /api answers 405, 415 or 404 as problem details rather than falling through to the UI.
        app.MapFallback("/api/{**rest}", ApiFallback.Answer);
        return app;
    }

    /// <summary>
    /// Turns a refusal into problem details: the status, a <see cref="StudyProblemTypes"/> type clients decide by, and
    /// with a 409 the participant's current state. Nothing was written when one is thrown.
    /// </summary>
    sealed class StudyProblemFilter : IEndpointFilter
    {
        public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
        {
            try { return await next(context); }
            catch (StudyProblemException p)
            {
                var extensions = p.State is { } state ? new Dictionary<string, object?> { [StudyProblemTypes.StateMember] = state } : null;
                return TypedResults.Problem(statusCode: p.Status, title: p.Title, detail: p.Message, type: p.Type, extensions: extensions);
            }
            catch (ModelNotLoadedException e)
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Model not available", detail: e.Message);
            }
            catch (StudyUnavailableException e)
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Study not available", detail: e.Message);
            }
        }
    }
}
