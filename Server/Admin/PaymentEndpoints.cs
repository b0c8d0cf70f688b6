using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace ExpO.Server.Admin;

/// <summary>The payments page (upload, review, download) and the same review for scripts at POST /admin/api/payments.</summary>
public static class PaymentEndpoints
{
    public static RouteGroupBuilder MapPayments(this RouteGroupBuilder admin)
    {
        admin.MapGet(AdminRoutes.Payments, (HttpContext http, IAntiforgery af) => Page(http, af, null, null, StatusCodes.Status200OK));
        admin.MapPost(AdminRoutes.Payments, async (HttpContext http, IAntiforgery af, IFormFile? file, PaymentReview review, AdminStudy study, CancellationToken ct) =>
        {
            var (read, problem) = await ReadAsync(file, ct);
            return read is null ? Page(http, af, null, problem, StatusCodes.Status400BadRequest)
                : Page(http, af, new PaymentsPage.Reviewed(read, await review.ReviewAsync((await study.CurrentAsync(ct)).Id, read, ct)), null, StatusCodes.Status200OK);
        }).WithMetadata(new RequestSizeLimitAttribute(PlatformFileReader.MaxBytes + 64 * 1024));

        // For scripts with a researcher's cookie (SameSite=Strict keeps other sites' forms out, so no antiforgery token).
        admin.MapPost(AdminRoutes.ApiPayments, async Task<Results<ContentHttpResult, ProblemHttpResult>> (
            IFormFile? file, string? shape, PaymentReview review, AdminStudy study, CancellationToken ct) =>
        {
            var (read, problem) = await ReadAsync(file, ct);
            if (read is null) return TypedResults.Problem(title: "Unreadable platform file", detail: problem, statusCode: StatusCodes.Status400BadRequest);
            var rows = await review.ReviewAsync((await study.CurrentAsync(ct)).Id, read, ct);
            bool batch = shape == "mturk-batch";
            if (batch && read.Platform != Shared.Study.RecruitmentSource.Mturk)
                return TypedResults.Problem(title: "Not an MTurk file", detail: "shape=mturk-batch takes MTurk's batch results.", statusCode: StatusCodes.Status400BadRequest);
            return TypedResults.Text(batch ? PaymentFiles.MturkBatch(read, rows) : PaymentFiles.Decisions(read, rows), "text/csv", System.Text.Encoding.UTF8);
        }).DisableAntiforgery().WithMetadata(new RequestSizeLimitAttribute(PlatformFileReader.MaxBytes + 64 * 1024));
        return admin;
    }

    static async Task<(PlatformFile?, string?)> ReadAsync(IFormFile? file, CancellationToken ct)
    {
        if (file is null || file.Length == 0) return (null, "Choose the platform's file (the form field is named \"file\").");
        if (file.Length > PlatformFileReader.MaxBytes) return (null, $"The file is larger than {PlatformFileReader.MaxBytes / 1024 / 1024} MB; no platform file is.");
        using var reader = new StreamReader(file.OpenReadStream());
        try { return (PlatformFileReader.Read(new StringReader(await reader.ReadToEndAsync(ct))), null); }
        catch (PlatformFileException e) { return (null, e.Message); }
    }

    static RazorComponentResult<PaymentsPage> Page(HttpContext http, IAntiforgery af, PaymentsPage.Reviewed? review, string? problem, int status)
    {
        var tokens = af.GetAndStoreTokens(http);
        return new(new Dictionary<string, object?>
        {
            [nameof(PaymentsPage.Review)] = review,
            [nameof(PaymentsPage.Problem)] = problem,
            [nameof(PaymentsPage.TokenField)] = tokens.FormFieldName,
            [nameof(PaymentsPage.Token)] = tokens.RequestToken,
        })
        { StatusCode = status };
    }
}
