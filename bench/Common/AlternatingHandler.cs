using ExpO.Shared.Study.Contracts;

namespace ExpO.Bench;

/// <summary>
/// Spreads requests over several server instances on loopback (the request's own port replaced), as a proxy in front
/// of them would: each request to the next instance in turn, or, by participant, every request carrying the same
/// participant's token to one instance (deploy/nginx.conf hashes the token the same way), the rest in turn.
/// </summary>
public sealed class AlternatingHandler(IReadOnlyList<int> ports, bool byParticipant = false) : DelegatingHandler(new SocketsHttpHandler { MaxConnectionsPerServer = 1000 })
{
    int _next;

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var uri = request.RequestUri!;
        int index = byParticipant && Token(uri.AbsolutePath) is { } token
            ? (int)((uint)StringComparer.Ordinal.GetHashCode(token) % (uint)ports.Count)
            : (Interlocked.Increment(ref _next) & int.MaxValue) % ports.Count;
        request.RequestUri = new UriBuilder(uri) { Port = ports[index] }.Uri;
        return base.SendAsync(request, cancellationToken);
    }

    /// <summary>The participant's token in /api/v1/participants/TOKEN/..., or null.</summary>
    static string? Token(string path) =>
        path.StartsWith(StudyRoutes.Entry + "/", StringComparison.Ordinal) ? path[(StudyRoutes.Entry.Length + 1)..].Split('/')[0] : null;
}
