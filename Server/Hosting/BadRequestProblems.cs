using System.Text.Json;
using ExpO.Shared.Study.Contracts;
using Microsoft.AspNetCore.Diagnostics;

namespace ExpO.Server.Hosting;

/// <summary>
/// A request that cannot be read (malformed JSON, a wrong code, "3" for a number, a wrong content type, a body too
/// large) becomes problem details whose detail names the field, instead of a bare status.
/// </summary>
public sealed class BadRequestProblems(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad) return false;
        httpContext.Response.StatusCode = bad.StatusCode;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails =
            {
                Status = bad.StatusCode,
                Type = StudyProblemTypes.Invalid,
                Title = bad.StatusCode switch { 413 => "Request too large", 415 => "Unsupported content type", _ => "Invalid request" },
                Detail = Detail(bad),
            },
        });
    }

    static string Detail(BadHttpRequestException bad) => bad.InnerException switch
    {
        // The converters' own messages already name the field and the accepted values.
        JsonException { Path: { } path } json => $"{Clean(json.Message)} (at {path})",
        JsonException json => Clean(json.Message),
        _ when bad.StatusCode == StatusCodes.Status415UnsupportedMediaType => "Send the request body as application/json.",
        _ => bad.Message,
    };

    /// <summary>System.Text.Json appends reader positions that mean nothing to a client.</summary>
    static string Clean(string message) => message.Split(" | LineNumber")[0].Split(" Path: ")[0];
}
