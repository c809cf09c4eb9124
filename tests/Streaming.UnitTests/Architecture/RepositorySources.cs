namespace Streaming.UnitTests.Architecture;

/// <summary>The repository's own C# sources, for tests that read the code as text (its conventions, not its behaviour).</summary>
public static class RepositorySources
{
    public static readonly string Root = FindRoot();

    /// <summary>Every .cs file of the top-level projects (<c>Streaming.*/</c>), build output and migrations left out.</summary>
    public static IEnumerable<string> ProductFiles() =>
        Directory.GetDirectories(Root, "Streaming.*")
            .SelectMany(project => Directory.EnumerateFiles(project, "*.cs", SearchOption.AllDirectories))
            .Where(file => !file.Contains("/bin/", StringComparison.Ordinal) && !file.Contains("/obj/", StringComparison.Ordinal)
                           && !file.Contains("/Migrations/", StringComparison.Ordinal));

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Streaming.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException("Streaming.sln not found above " + AppContext.BaseDirectory);
    }
}
