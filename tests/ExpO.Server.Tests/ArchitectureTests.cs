using System.Text.RegularExpressions;

namespace ExpO.Server.Tests;

/// <summary>The dependency rules of docs/architecture.md, checked on the source: no namespace depends on itself through others.</summary>
public sealed partial class ArchitectureTests
{
    [Theory]
    [InlineData("Server")]
    [InlineData("Shared")]
    [InlineData("Client")]
    [InlineData("Training")]
    public void No_namespace_cycles(string folder)
    {
        var root = Path.Combine(RepoFiles.Root, folder);
        bool Source(string f) => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}");
        var files = Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories).Where(Source)
            // The file's own namespace line is not a reference (it would make every namespace depend on its parent).
            .Select(f => (Namespace: DeclaredNamespace().Match(File.ReadAllText(f)).Groups[1].Value, Code: DeclaredNamespace().Replace(CodeOnly(File.ReadAllText(f)), "")))
            // Razor components take their folder's namespace; their @using lines and qualified names are their references.
            .Concat(Directory.EnumerateFiles(root, "*.razor", SearchOption.AllDirectories).Where(Source)
                .Select(f => (Namespace: RazorNamespace(folder, root, f), Code: string.Join('\n', RazorUsing().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value))
                    + "\n" + CodeOnly(File.ReadAllText(f)))))
            .Where(f => f.Namespace.Length > 0).ToList();
        var known = files.Select(f => f.Namespace).ToHashSet();
        var edges = known.ToDictionary(n => n, _ => new HashSet<string>());
        foreach (var (ns, code) in files)
        {
            // A qualified name refers to the most specific namespace it names: ExpO.Server.Study.Steps.X is a
            // reference to Study.Steps, not to Study as well.
            foreach (Match m in QualifiedName().Matches(code))
                if (Prefixes(m.Value).LastOrDefault(known.Contains) is { } target) edges[ns].Add(target);
            // A sibling named relative to the parent namespace, e.g. Models.ModelCatalog inside ExpO.Server.Study.
            var parent = ns[..ns.LastIndexOf('.')];
            foreach (Match m in RelativeName().Matches(code))
                if (known.Contains($"{parent}.{m.Groups[1].Value}")) edges[ns].Add($"{parent}.{m.Groups[1].Value}");
            edges[ns].Remove(ns);
        }
        var cycles = Cycles(edges);
        Assert.True(cycles.Count == 0, "Namespace cycles:\n" + string.Join("\n", cycles));
    }

    /// <summary>A component's namespace: the project's root namespace and its folder (Server/Study/X.razor: ExpO.Server.Study).</summary>
    static string RazorNamespace(string folder, string root, string file)
    {
        var dir = Path.GetRelativePath(root, Path.GetDirectoryName(file)!);
        return dir == "." ? $"ExpO.{folder}" : $"ExpO.{folder}.{dir.Replace(Path.DirectorySeparatorChar, '.')}";
    }

    static IEnumerable<string> Prefixes(string name)
    {
        for (int i = name.IndexOf('.'); i > 0; i = name.IndexOf('.', i + 1)) yield return name[..i];
        yield return name;
    }

    /// <summary>Each cycle as "A -> B -> A", found by depth-first search.</summary>
    static List<string> Cycles(Dictionary<string, HashSet<string>> edges)
    {
        var found = new List<string>();
        var state = new Dictionary<string, int>(); // 1 on the path, 2 done
        var path = new Stack<string>();
        void Visit(string n)
        {
            state[n] = 1;
            path.Push(n);
            foreach (var m in edges[n])
            {
                if (state.GetValueOrDefault(m) == 1) found.Add(string.Join(" -> ", path.Reverse().SkipWhile(x => x != m).Append(m)));
                else if (state.GetValueOrDefault(m) == 0) Visit(m);
            }
            path.Pop();
            state[n] = 2;
        }
        foreach (var n in edges.Keys.Order()) if (state.GetValueOrDefault(n) == 0) Visit(n);
        return found;
    }

    /// <summary>The source without comments and strings, so words in prose do not count as references.</summary>
    static string CodeOnly(string source) => Strings().Replace(Comments().Replace(source, " "), "\"\"");

    [GeneratedRegex(@"^namespace\s+([\w.]+)", RegexOptions.Multiline)] private static partial Regex DeclaredNamespace();
    [GeneratedRegex(@"^@using\s+(?:static\s+)?([\w.]+)", RegexOptions.Multiline)] private static partial Regex RazorUsing();
    [GeneratedRegex(@"\bExpO(\.\w+)+")] private static partial Regex QualifiedName();
    [GeneratedRegex(@"(?<![\w.])([A-Z]\w*)\.[A-Z]\w*")] private static partial Regex RelativeName();
    [GeneratedRegex(@"//.*$|/\*[\s\S]*?\*/", RegexOptions.Multiline)] private static partial Regex Comments();
    [GeneratedRegex(@"""(\\.|[^""\\])*""")] private static partial Regex Strings();
}
