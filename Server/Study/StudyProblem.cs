namespace ExpO.Server.Study;

/// <summary>A request the study refuses: becomes a problem-details answer with this status; nothing was changed.</summary>
public sealed class StudyProblem(int status, string title, string detail) : Exception(detail)
{
    public int Status { get; } = status;
    public string Title { get; } = title;

    public static StudyProblem NotFound(string detail) => new(StatusCodes.Status404NotFound, "Not found", detail);
    public static StudyProblem Invalid(string detail) => new(StatusCodes.Status400BadRequest, "Invalid request", detail);
    public static StudyProblem Conflict(string detail) => new(StatusCodes.Status409Conflict, "Not possible now", detail);
}
