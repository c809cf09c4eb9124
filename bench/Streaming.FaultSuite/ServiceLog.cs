using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Streaming.AppHost.Infrastructure;

namespace Streaming.FaultSuite;

/// <summary>
/// Keeps everything the API and the worker replicas log during the run (the suite's own console shows only the app
/// host's warnings), so that a failing run can say why: the whole log goes next to the report, its warnings and errors
/// to the console.
/// </summary>
public sealed partial class ServiceLog
{
    // The services' console logger colours "warn:" and "fail:" with escape sequences.
    [GeneratedRegex(@"\x1B\[[0-9;]*m")]
    private static partial Regex ConsoleColorsRegex();

    private static readonly Regex ConsoleColors = ConsoleColorsRegex();
    private readonly ConcurrentQueue<string> _lines = new();

    public static ServiceLog Watch(FaultApp app, CancellationToken stopping)
    {
        var log = new ServiceLog();
        var logs = app.App.Services.GetRequiredService<ResourceLoggerService>();
        var model = app.App.Services.GetRequiredService<DistributedApplicationModel>();
        foreach (var service in model.Resources.Where(r => r.Name is ServiceNames.Api or ServiceNames.ProgressWorker or FaultApp.StandbyWorker))
        {
            _ = Task.Run(async () =>
            {
                try
                {
                    await foreach (var batch in logs.WatchAsync(service).WithCancellation(stopping))
                    {
                        foreach (var line in batch)
                        {
                            log._lines.Enqueue($"{service.Name} {ConsoleColors.Replace(line.Content, "")}");
                        }
                    }
                }
                catch (OperationCanceledException)
                {
                }
            }, CancellationToken.None);
        }
        return log;
    }

    /// <summary>Writes the whole log to <paramref name="path"/> and prints its last warnings and errors (with their message line).</summary>
    public async Task DumpAsync(string path, int lastProblems = 40)
    {
        var lines = _lines.ToArray();
        await File.WriteAllLinesAsync(path, lines);
        // The console logger writes "warn: Category[id]" and the message on the next line.
        var problems = lines.Select((line, index) => (line, index)).Where(entry => IsProblem(entry.line))
            .TakeLast(lastProblems)
            .Select(entry => entry.index + 1 < lines.Length ? $"{entry.line}{Environment.NewLine}    {lines[entry.index + 1].Trim()}" : entry.line)
            .ToList();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"The services' log ({lines.Length} lines) is in {path}; its last {problems.Count} warnings and errors:"));
        foreach (var problem in problems)
        {
            Console.WriteLine(problem);
        }
    }

    private static bool IsProblem(string line) =>
        line.Contains("warn: ", StringComparison.Ordinal) || line.Contains("fail: ", StringComparison.Ordinal) || line.Contains("crit: ", StringComparison.Ordinal);
}
