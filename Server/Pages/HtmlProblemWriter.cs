using Microsoft.AspNetCore.Http.HttpResults;

namespace ExpO.Server.Pages;

/// <summary>
/// Problem details for a browser: a refusal a page load meets (a limit, a stale form, a missing page, a failure) comes
/// as a page saying what happened and where to go, never as raw JSON nor as a 500 for want of a JSON writer. Scripts
/// that ask for JSON (or anything) still get problem details from the default writer, which runs after this one.
/// </summary>
public sealed class HtmlProblemWriter : IProblemDetailsWriter
{
    public bool CanWrite(ProblemDetailsContext context)
    {
        var accept = context.HttpContext.Request.GetTypedHeaders().Accept;
        bool html = accept.Any(a => a.MediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase));
        // A client that takes neither JSON nor anything at all would otherwise get no answer (a 500): give it the page.
        bool json = accept.Count == 0 || accept.Any(a => a.MediaType.Value is { } m && (m.Contains("json", StringComparison.OrdinalIgnoreCase) || m == "*/*"));
        return html || !json;
    }

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        var http = context.HttpContext;
        int status = context.ProblemDetails.Status ?? http.Response.StatusCode;
        var page = new RazorComponentResult<ProblemPage>(new Dictionary<string, object?>
        {
            [nameof(ProblemPage.Status)] = status,
            [nameof(ProblemPage.Heading)] = context.ProblemDetails.Title ?? Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status),
            [nameof(ProblemPage.Detail)] = Detail(context, status),
            [nameof(ProblemPage.Researchers)] = http.Request.Path.StartsWithSegments("/admin"),
        })
        { StatusCode = status };
        return new ValueTask(page.ExecuteAsync(http));
    }

    static string? Detail(ProblemDetailsContext context, int status) => status switch
    {
        // The stack's own words for a stale form name a parameter nobody typed.
        StatusCodes.Status400BadRequest when context.Exception?.InnerException is Microsoft.AspNetCore.Antiforgery.AntiforgeryValidationException =>
            "This form was open too long, or in another sign-in. Nothing was saved: go back, reload the page and send it again.",
        StatusCodes.Status500InternalServerError => "Something went wrong on the server; it has been logged. Please try again in a moment.",
        _ => context.ProblemDetails.Detail,
    };
}
