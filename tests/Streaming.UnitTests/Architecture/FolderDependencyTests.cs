using System.Text.RegularExpressions;

namespace Streaming.UnitTests.Architecture;

/// <summary>
/// No two folders (namespaces) of the product import each other: a folder's using lines say what it depends on, and a
/// reader can understand one folder before the next. Unused using lines fail the build (IDE0005), so the lines are true.
/// </summary>
public sealed partial class FolderDependencyTests
{
    [Fact]
    public void No_two_folders_import_each_other()
    {
        var imports = new Dictionary<string, HashSet<string>>();
        foreach (var file in RepositorySources.ProductFiles())
        {
            var text = File.ReadAllText(file);
            if (Namespace().Match(text) is not { Success: true } declared)
            {
                continue;
            }
            var folder = declared.Groups[1].Value;
            foreach (Match used in Using().Matches(text))
            {
                if (used.Groups[1].Value != folder)
                {
                    imports.TryAdd(folder, []);
                    imports[folder].Add(used.Groups[1].Value);
                }
            }
        }

        Assert.True(imports.Count > 20, $"Only {imports.Count} folders with imports found under {RepositorySources.Root}.");
        var mutual = imports.SelectMany(folder => folder.Value
                .Where(other => string.CompareOrdinal(folder.Key, other) < 0 && imports.GetValueOrDefault(other)?.Contains(folder.Key) == true)
                .Select(other => $"{folder.Key} <-> {other}"))
            .ToList();
        Assert.True(mutual.Count == 0, "Folders that import each other:\n" + string.Join('\n', mutual));
    }

    [GeneratedRegex(@"^namespace (Streaming\.[\w.]+);", RegexOptions.Multiline)]
    private static partial Regex Namespace();

    [GeneratedRegex(@"^using (Streaming\.[\w.]+);", RegexOptions.Multiline)]
    private static partial Regex Using();
}
