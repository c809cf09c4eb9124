using System.Reflection;
using System.Text.RegularExpressions;
using Streaming.ProgressWorker;
using Streaming.UnitTests.Architecture;

namespace Streaming.UnitTests.Configuration;

/// <summary>
/// docs/configuration.md names every configuration key the code defines. A key is defined by a <c>const string</c>
/// whose name ends in <c>Setting</c> (or <c>SettingName</c>) and whose value is a string literal, in any project of
/// the solution; a constant ending in <c>ParameterName</c> names an AppHost parameter (<c>Parameters:&lt;name&gt;</c>), and
/// one ending in <c>Section</c> (or <c>SectionName</c>) a section whose keys the catalogue lists as
/// <c>&lt;Section&gt;:...</c>. The source files are read rather than the assemblies, so the AppHost and the
/// user-service stub are covered without this project referencing them.
/// </summary>
public sealed partial class ConfigurationCatalogueTests
{
    private static readonly string Root = RepositorySources.Root;
    private static readonly IReadOnlyList<KeyConstant> Constants = FindKeyConstants();
    private static readonly HashSet<string> Catalogued = CataloguedKeys();

    [Fact]
    public void Every_key_constant_is_in_the_catalogue()
    {
        var missing = Constants
            .Where(constant => constant.Kind switch
            {
                KeyKind.Setting => !Catalogued.Contains(constant.Key),
                KeyKind.Parameter => !Catalogued.Contains($"Parameters:{constant.Key}"),
                _ => !Catalogued.Any(key => key.StartsWith(constant.Key + ":", StringComparison.Ordinal)),
            })
            .Select(constant => $"{constant.Key} ({constant.Name} in {constant.File})")
            .ToList();

        Assert.True(missing.Count == 0, "Not in docs/configuration.md: " + string.Join(", ", missing));
    }

    [Fact]
    public void Every_worker_option_is_in_the_catalogue()
    {
        var missing = typeof(ProgressWorkerOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(property => property.CanWrite)
            .Select(property => $"{ProgressWorkerOptions.SectionName}:{property.Name}")
            .Where(key => !Catalogued.Contains(key))
            .ToList();

        Assert.True(missing.Count == 0, "Not in docs/configuration.md: " + string.Join(", ", missing));
    }

    [Fact]
    public void The_scan_finds_the_constants_of_every_service_and_of_the_apphost()
    {
        // Guards the test itself: a scan that found nothing would pass the first test.
        foreach (var project in new[] { "Streaming.Api", "Streaming.ProgressWorker", "Streaming.UserServiceStub", "Streaming.AppHost", "Streaming.Core" })
        {
            Assert.Contains(Constants, constant => constant.File.StartsWith(project + "/", StringComparison.Ordinal));
        }
        Assert.Contains(Constants, constant => constant.Key == "PROGRESS_PERSIST_INTERVAL");
        Assert.Contains(Constants, constant => constant.Key == "LocalInfra:DevPorts");
        Assert.Contains(Constants, constant => constant.Key == "jwt-secret" && constant.Kind == KeyKind.Parameter);
    }

    private enum KeyKind { Setting, Parameter, Section }

    private sealed record KeyConstant(string Name, string Key, KeyKind Kind, string File);

    [GeneratedRegex(@"const\s+string\s+(?<name>\w*?(?<kind>Setting|SettingName|ParameterName|Section|SectionName))\s*=\s*""(?<key>[^""]+)""\s*;")]
    private static partial Regex KeyConstantPattern();

    // The first cell of a table row: every `name` in it is a catalogued key.
    [GeneratedRegex(@"^\|(?<cell>[^|]*)\|", RegexOptions.Multiline)]
    private static partial Regex FirstCellPattern();

    [GeneratedRegex(@"`(?<key>[^`]+)`")]
    private static partial Regex CodePattern();

    private static List<KeyConstant> FindKeyConstants() =>
        Directory.EnumerateDirectories(Root, "Streaming.*")
            .SelectMany(project => Directory.EnumerateFiles(project, "*.cs", SearchOption.AllDirectories))
            .Where(file => !file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !file.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(file => KeyConstantPattern().Matches(File.ReadAllText(file)).Select(match => new KeyConstant(
                match.Groups["name"].Value,
                match.Groups["key"].Value,
                match.Groups["kind"].Value switch
                {
                    "Setting" or "SettingName" => KeyKind.Setting,
                    "ParameterName" => KeyKind.Parameter,
                    _ => KeyKind.Section,
                },
                Path.GetRelativePath(Root, file).Replace(Path.DirectorySeparatorChar, '/'))))
            .ToList();

    private static HashSet<string> CataloguedKeys() =>
        FirstCellPattern().Matches(File.ReadAllText(Path.Combine(Root, "docs", "configuration.md")))
            .SelectMany(row => CodePattern().Matches(row.Groups["cell"].Value).Select(code => code.Groups["key"].Value))
            .ToHashSet(StringComparer.Ordinal);
}
