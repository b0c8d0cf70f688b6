namespace ExpO.Bench;

/// <summary>
/// Sends each request to the next of several server instances on loopback in turn (the request's own port replaced),
/// as a round-robin proxy in front of them would.
/// </summary>
public sealed class AlternatingHandler(IReadOnlyList<int> ports) : DelegatingHandler(new SocketsHttpHandler { MaxConnectionsPerServer = 1000 })
{
    int _next;

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var port = ports[(Interlocked.Increment(ref _next) & int.MaxValue) % ports.Count];
        request.RequestUri = new UriBuilder(request.RequestUri!) { Port = port }.Uri;
        return base.SendAsync(request, cancellationToken);
    }
}
