namespace ExpO.Bench;

/// <summary>Paths inside this checkout (never outside it), found from the test binary's folder.</summary>
public static class RepoFiles
{
    public static string Root { get; } = FindRoot();

    public static string HousingCsv => Path.Combine(Root, "data", "housing.csv");

    static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ExpO.sln"))) return dir.FullName;
        throw new InvalidOperationException("Cannot find ExpO.sln above " + AppContext.BaseDirectory);
    }
}
