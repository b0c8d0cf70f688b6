namespace ExpO.Shared.Study.Participants;

/// <summary>
/// Whether the client is waiting because the server asked it to slow down (429 with Retry-After): the page shows it,
/// so a participant whose click is held back knows why and that nothing is lost.
/// </summary>
public sealed class ApiWaits
{
    /// <summary>How long the current wait is; null when nothing waits.</summary>
    public TimeSpan? Current { get; private set; }

    public event Action? Changed;

    public void Report(TimeSpan? wait)
    {
        Current = wait;
        Changed?.Invoke();
    }
}
