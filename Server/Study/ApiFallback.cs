using ExpO.Shared.Study.Contracts;
using Microsoft.AspNetCore.Routing.Template;

namespace ExpO.Server.Study;

/// <summary>
/// What an /api request that no endpoint took gets. Routing would answer a wrong method with 405 and a wrong content
/// type with 415 by itself, but only when nothing else matches, and this fallback always matches; so it tells the
/// three cases apart itself: a known route with another method (405, with Allow), a known route and method with a
/// body that is not JSON (415), or no such route (404). Always problem details.
/// </summary>
public static class ApiFallback
{
    public static IResult Answer(HttpContext http, EndpointDataSource endpoints)
    {
        var path = http.Request.Path;
        var methods = endpoints.Endpoints.OfType<RouteEndpoint>()
            // The study API's own endpoints, not this fallback (a fallback has the last order) nor the UI's.
            .Where(e => e.Order != int.MaxValue && e.RoutePattern.RawText?.TrimStart('/').StartsWith(StudyRoutes.Prefix.TrimStart('/')) == true)
            .Where(e => e.Metadata.GetMetadata<IHttpMethodMetadata>() is not null && Matches(e, path))
            .SelectMany(e => e.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods)
            .Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
        if (methods.Length == 0)
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: "No such API endpoint.", type: StudyProblemTypes.Invalid);
        if (!methods.Contains(http.Request.Method, StringComparer.OrdinalIgnoreCase))
        {
            http.Response.Headers.Allow = string.Join(", ", methods);
            return TypedResults.Problem(statusCode: StatusCodes.Status405MethodNotAllowed, title: "Method not allowed",
                detail: $"{http.Request.Method} is not allowed here (405); use {string.Join(" or ", methods)}.", type: StudyProblemTypes.Invalid);
        }
        // The route and method exist, so the endpoint turned the request down for its content type.
        return TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported content type",
            detail: "Send the request body as application/json.", type: StudyProblemTypes.Invalid);
    }

    static bool Matches(RouteEndpoint endpoint, PathString path) =>
        new TemplateMatcher(new RouteTemplate(endpoint.RoutePattern), new RouteValueDictionary()).TryMatch(path, new RouteValueDictionary());
}
