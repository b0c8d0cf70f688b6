using ExpO.Shared.Contracts;

namespace ExpO.Server.Study;

/// <summary>The versioned participant API (/api/v1): the only way the browser client and the agent change anything.</summary>
public static class StudyApi
{
    public static WebApplication MapStudyApi(this WebApplication app)
    {
        var api = app.MapGroup(StudyRoutes.Prefix).AddEndpointFilter<StudyProblemFilter>().DisableAntiforgery();

        api.MapGet("/study", (StudyOptions o, Models.ModelCatalog models) =>
            TypedResults.Ok(new StudyInfo(o.Title, o.ConsentText, o.Settings.Rounds, models.Dimensions, o.EstimatedMinutes)));

        api.MapPost("/participants", async (EntryRequest request, StudyService study, CancellationToken ct) =>
        {
            var response = await study.EnterAsync(request, ct);
            return response.Outcome == "already-participated" ? Results.Json(response, statusCode: StatusCodes.Status409Conflict) : Results.Ok(response);
        });

        var participant = api.MapGroup("/participants/{token}");
        participant.MapGet("", (string token, StudyService study, CancellationToken ct) => study.StateAsync(token, ct));
        participant.MapPost("/consent", (string token, StudyService study, CancellationToken ct) => study.ConsentAsync(token, ct));
        participant.MapPost("/instructions", (string token, StudyService study, CancellationToken ct) => study.FinishInstructionsAsync(token, ct));
        participant.MapPost("/practice", (string token, PracticeRequest request, StudyService study, CancellationToken ct) => study.PracticeAsync(token, request, ct));
        participant.MapPost("/steps", (string token, StepRequest request, StudyService study, CancellationToken ct) => study.StepAsync(token, request, ct));
        participant.MapPost("/round-answers", (string token, RoundAnswersRequest request, StudyService study, CancellationToken ct) => study.AnswerRoundAsync(token, request, ct));
        participant.MapPost("/final-answers", (string token, FinalAnswersRequest request, StudyService study, CancellationToken ct) => study.AnswerFinalAsync(token, request, ct));

        // Anything else under /api answers 404 as problem details rather than falling through to the UI.
        app.MapFallback("/api/{**rest}", () => Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: "No such API endpoint."));
        return app;
    }

    /// <summary>Turns a refused request into problem details (400/404/409); nothing was written when it is thrown.</summary>
    sealed class StudyProblemFilter : IEndpointFilter
    {
        public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
        {
            try { return await next(context); }
            catch (StudyProblem p) { return Results.Problem(statusCode: p.Status, title: p.Title, detail: p.Message); }
        }
    }
}
