using System.Diagnostics;
using System.Text.RegularExpressions;
using Streaming.Hosting.Common;

namespace Streaming.IntegrationTests.Infrastructure;

/// <summary>
/// A service started as its own process from its build output (`dotnet Service.dll`), outside the AppHost, with
/// exactly the environment a test gives it: how a deployment in another environment would run it.
/// </summary>
public sealed partial class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _output = [];
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ServiceProcess(Process process) => _process = process;

    /// <summary>Everything the process wrote so far, stdout and stderr.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return string.Join('\n', _output);
            }
        }
    }

    public static ServiceProcess Start(IProjectMetadata project, IReadOnlyDictionary<string, string> environment)
    {
        var assembly = BuildOutputLaunch.AssemblyPath(project);
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { assembly },
            WorkingDirectory = Path.GetDirectoryName(assembly)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // The test runner's own environment (Aspire's, OpenTelemetry's, ASP.NET Core's) must not leak in.
        foreach (var name in start.Environment.Keys.Where(n => n.StartsWith("ASPNETCORE_", StringComparison.Ordinal)
                     || n.StartsWith("DOTNET_", StringComparison.Ordinal) || n.StartsWith("OTEL_", StringComparison.Ordinal)
                     || n.StartsWith("ConnectionStrings__", StringComparison.Ordinal) || n.StartsWith("JWT_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var service = new ServiceProcess(process);
        process.OutputDataReceived += (_, e) => service.Record(e.Data);
        process.ErrorDataReceived += (_, e) => service.Record(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return service;
    }

    /// <summary>The address Kestrel chose, once it listens; fails if the process exits first.</summary>
    public async Task<Uri> WaitUntilListeningAsync(TimeSpan timeout)
    {
        var exited = _process.WaitForExitAsync();
        var first = await Task.WhenAny(_listening.Task, exited).WaitAsync(timeout);
        if (first != _listening.Task)
        {
            throw new InvalidOperationException($"The service exited with {_process.ExitCode} before listening:\n{Output}");
        }
        return await _listening.Task;
    }

    /// <summary>The exit code, once the process has ended by itself within the timeout.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        try
        {
            await _process.WaitForExitAsync().WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"The service was still running after {timeout}:\n{Output}");
        }
        _process.WaitForExit(); // Drains the redirected output.
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    private void Record(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_output)
        {
            _output.Add(line);
        }
        if (ListeningLine().Match(line) is { Success: true } match)
        {
            _listening.TrySetResult(new Uri(match.Groups["url"].Value));
        }
    }

    /// <summary>The project's own build output, beside its appsettings.json, in the configuration the tests were built in.</summary>
    [GeneratedRegex(@"Now listening on: (?<url>http://\S+)")]
    private static partial Regex ListeningLine();
}
