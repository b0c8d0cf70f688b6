using System.Reflection;

namespace ExpO.Client.Tests;

/// <summary>What the participant's browser downloads: only the client and the browser half of Shared.</summary>
public sealed class DownloadTests
{
    // The science core carries MathNet.Numerics (0.44 MB compressed in the published client, issue 12) and the
    // unsafe runtime; TorchSharp belongs to Training only. None of it may be reachable from the client.
    static readonly string[] Forbidden = ["MathNet.Numerics", "ExpO.Shared.Science", "TorchSharp", "ExpO.Server", "ExpO.Migrations"];

    [Fact]
    public void The_client_references_nothing_of_the_science_core_the_server_or_training()
    {
        var seen = new HashSet<string>();
        var pending = new Queue<Assembly>([typeof(ExpO.Client._Imports).Assembly]);
        var reached = new List<string>();
        while (pending.TryDequeue(out var assembly))
        {
            foreach (var name in assembly.GetReferencedAssemblies())
            {
                if (!seen.Add(name.Name!)) continue;
                reached.Add(name.Name!);
                // Framework and MudBlazor references are followed only as far as they load here.
                try { pending.Enqueue(Assembly.Load(name)); } catch (FileNotFoundException) { }
            }
        }
        Assert.Contains("ExpO.Shared.Study", reached);
        Assert.DoesNotContain(reached, r => Forbidden.Any(f => r.StartsWith(f, StringComparison.Ordinal)));
    }
}
