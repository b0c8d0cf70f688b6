namespace ExpO.Server.Tests;

/// <summary>A test class whose every test gets its own server on a fresh temporary SQLite file.</summary>
public abstract class ServerTest : IDisposable
{
    protected StudyServerFactory Server { get; } = new();

    public void Dispose() => Server.Dispose();
}
