using ExpO.Shared.Study.Contracts;

namespace ExpO.Server.Study.Steps;

/// <summary>
/// A request the study refuses: becomes problem details with this status and <see cref="StudyProblemTypes"/> type;
/// nothing was changed. A 409 about a participant carries their current state, so the client can show it.
/// </summary>
public sealed class StudyProblemException(int status, string type, string title, string detail, ParticipantState? state = null) : Exception(detail)
{
    public int Status { get; } = status;
    public string Type { get; } = type;
    public string Title { get; } = title;
    public ParticipantState? State { get; } = state;

    public static StudyProblemException NotFound(string detail) => new(StatusCodes.Status404NotFound, StudyProblemTypes.UnknownLink, "Not found", detail);
    public static StudyProblemException Invalid(string detail) => new(StatusCodes.Status400BadRequest, StudyProblemTypes.Invalid, "Invalid request", detail);
    /// <summary>Not possible in the participant's current state (the store adds that state before it is answered).</summary>
    public static StudyProblemException Stale(string detail) => new(StatusCodes.Status409Conflict, StudyProblemTypes.StaleState, "Not possible now", detail);
    public static StudyProblemException Conflict(string type, string detail) => new(StatusCodes.Status409Conflict, type, "Not possible", detail);
    public static StudyProblemException Busy() => new(StatusCodes.Status409Conflict, StudyProblemTypes.Busy, "Busy",
        "The study was busy with another request of yours. Please try again.");

    public StudyProblemException WithState(ParticipantState state) => new(Status, Type, Title, Message, state);
}
