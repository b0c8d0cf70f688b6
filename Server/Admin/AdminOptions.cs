using Microsoft.Extensions.Options;

namespace ExpO.Server.Admin;

/// <summary>
/// The "Admin" configuration section: the first researcher account, created at start-up while no account exists
/// (otherwise the first visit to /admin/setup creates it). Later accounts and password changes live in the database.
/// </summary>
public sealed class AdminOptions
{
    public const string Section = "Admin";
    /// <summary>The shortest password accepted (NIST SP 800-63B asks for at least 8; a study's data deserves more).</summary>
    public const int MinPasswordLength = 12;

    public string? Email { get; set; }
    public string? Password { get; set; }
}

/// <summary>Checks the section at start-up: both or neither, a plausible e-mail, a long enough password.</summary>
public sealed class AdminOptionsValidator : IValidateOptions<AdminOptions>
{
    public ValidateOptionsResult Validate(string? name, AdminOptions o)
    {
        bool email = !string.IsNullOrWhiteSpace(o.Email), password = !string.IsNullOrEmpty(o.Password);
        if (email != password) return ValidateOptionsResult.Fail("Admin:Email and Admin:Password go together: set both, or neither (then /admin/setup creates the first account).");
        if (!email) return ValidateOptionsResult.Success;
        if (ResearcherAccounts.CheckNew(o.Email!, o.Password!) is { } problem) return ValidateOptionsResult.Fail($"Admin: {problem}");
        return ValidateOptionsResult.Success;
    }
}
