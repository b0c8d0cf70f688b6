namespace ExpO.StudyData.Entities;

/// <summary>A researcher who may sign in to /admin. Only the password's hash is stored (ASP.NET Core Identity's hasher).</summary>
public sealed class Researcher
{
    public long Id { get; set; }
    /// <summary>The sign-in name, stored lower-case, unique.</summary>
    public required string Email { get; set; }
    public required string PasswordHash { get; set; }
    public DateTime CreatedUtc { get; set; }
}
