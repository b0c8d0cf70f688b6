using System.Threading.Channels;
using ExpO.Server.Studies;
using ExpO.Shared.Science.Agents;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace ExpO.Server.Agents;

/// <summary>Where the dashboard's agent run stands: what was asked, how many ended which way, the first error.</summary>
public sealed record AgentRunStatus(int Requested, double Lambda, int Finished, int Capped, int Failed, bool Running, string? FirstError, DateTime StartedUtc);

/// <summary>
/// The dashboard's "play simulated participants" button: agents take the study through this server's own HTTP API
/// (the same one a browser uses, on its listening address), a few at a time, in the background. One run at a time per
/// server instance; its rows are ordinary agent participants, so the dashboard's counts show its progress. A hosted
/// service: the run happens in its loop and stops with the server.
/// </summary>
public sealed class AgentRunner(IServer server, IHttpClientFactory clients, ILogger<AgentRunner> log, TimeProvider time)
    : BackgroundService
{
    /// <summary>The named HttpClient the agents use (AddStudyAdmin sets its timeout and the limits' exemption).</summary>
    public const string HttpClientName = "agents";

    /// <summary>Enough to check a configuration before paying people; more is the CLI's job (agent play).</summary>
    public const int MaxParticipants = 500;
    const int Concurrency = 4;

    readonly Lock _lock = new();
    readonly Channel<(Uri Address, StudyRuntime Study, int Participants, double Lambda)> _runs = Channel.CreateBounded<(Uri, StudyRuntime, int, double)>(1);
    AgentRunStatus? _status;

    public AgentRunStatus? Status { get { lock (_lock) return _status; } }

    /// <summary>Starts a run, or says why not (one is running, bad numbers, no address to reach).</summary>
    /// <param name="study">The study they take part in (its models, explainer and words).</param>
    public string? Start(StudyRuntime study, int participants, double lambda)
    {
        if (participants is < 1 or > MaxParticipants) return $"Run between 1 and {MaxParticipants} simulated participants.";
        if (!double.IsFinite(lambda) || lambda < 0) return "Lambda must be a number of at least 0.";
        if (Address() is not { } address) return "This server has no HTTP address the agents could use.";
        lock (_lock)
        {
            if (_status is { Running: true }) return "A run is still going; wait for it to end.";
            _status = new AgentRunStatus(participants, lambda, 0, 0, 0, true, null, time.GetUtcNow().UtcDateTime);
        }
        // Capacity 1 and one run at a time (the status above): the write always finds room.
        _runs.Writer.TryWrite((address, study, participants, lambda));
        return null;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var (address, study, participants, lambda) in _runs.Reader.ReadAllAsync(stoppingToken))
                await RunAsync(address, study, participants, lambda, stoppingToken);
        }
        catch (OperationCanceledException) { } // the server is stopping
    }

    async Task RunAsync(Uri address, StudyRuntime study, int participants, double lambda, CancellationToken ct)
    {
        var http = clients.CreateClient(HttpClientName);
        http.BaseAddress = address;
        int seed = Random.Shared.Next();
        try
        {
            await AgentParticipant.PlayManyAsync(http, participants, Concurrency, lambda, seed, study.DisplayChange(1),
                AgentEpisode.DefaultStepCap, study.IsDefault ? null : study.Name, (_, run) =>
            {
                if (run.Error is not null) log.LogWarning("Simulated participant (seed {Seed}) failed: {Error}", run.Seed, run.Error);
                lock (_lock)
                    _status = _status! with
                    {
                        Finished = _status.Finished + (run.Outcome == AgentOutcome.Finished ? 1 : 0),
                        Capped = _status.Capped + (run.Outcome == AgentOutcome.Capped ? 1 : 0),
                        Failed = _status.Failed + (run.Outcome == AgentOutcome.Failed ? 1 : 0),
                        FirstError = _status.FirstError ?? run.Error,
                    };
            }, ct);
        }
        catch (OperationCanceledException) { } // the server is stopping
        finally
        {
            lock (_lock) _status = _status! with { Running = false };
            log.LogInformation("Simulated participants done: {Status}", Status);
        }
    }

    /// <summary>This server's own address, as loopback (a wildcard host is not something to connect to).</summary>
    Uri? Address()
    {
        var first = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault(a => a.StartsWith("http", StringComparison.Ordinal));
        if (first is null || !Uri.TryCreate(first.Replace("://+", "://localhost").Replace("://*", "://localhost").Replace("://0.0.0.0", "://127.0.0.1")
            .Replace("://[::]", "://127.0.0.1"), UriKind.Absolute, out var uri)) return null;
        return uri;
    }
}
