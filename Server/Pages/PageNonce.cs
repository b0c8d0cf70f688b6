namespace ExpO.Server.Pages;

/// <summary>
/// This response's script nonce: the Content-Security-Policy (Hosting/SecurityHeaders.cs) allows the one inline
/// script, Blazor's import map, only with it. Kept here, beside the page shells that write it.
/// </summary>
public static class PageNonce
{
    internal const string Key = "expo:csp-nonce";

    public static string Of(HttpContext http) => (string)http.Items[Key]!;

    /// <summary>A new nonce for this response (hex: valid nonce text that the HTML encoder leaves as it is).</summary>
    public static string Create(HttpContext http) =>
        (string)(http.Items[Key] = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16)));
}
