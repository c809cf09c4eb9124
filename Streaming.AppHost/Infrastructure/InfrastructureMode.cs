using System.Diagnostics;

namespace Streaming.AppHost.Infrastructure;

/// <summary>How the backing services run: in containers, or as local processes from the machine's packages.</summary>
public enum InfrastructureMode
{
    Containers,
    Local,
}

public static class InfrastructureModeResolver
{
    public const string SettingName = "Infra";

    /// <summary>The runtime Aspire uses (docker or podman), which <c>auto</c> asks.</summary>
    public const string ContainerRuntimeSetting = "ASPIRE_CONTAINER_RUNTIME";

    /// <summary>
    /// Reads <c>Infra</c> (<c>auto</c> | <c>containers</c> | <c>local</c>). It must be decided before any resource is
    /// added: a single container resource makes Aspire require a runtime, and without one anything that waits
    /// for it hangs.
    /// </summary>
    public static InfrastructureMode Resolve(IConfiguration configuration) =>
        (configuration[SettingName] ?? "auto").Trim().ToLowerInvariant() switch
        {
            "containers" => InfrastructureMode.Containers,
            "local" => InfrastructureMode.Local,
            "auto" => ContainerRuntimeAnswers(configuration[ContainerRuntimeSetting] ?? "docker")
                ? InfrastructureMode.Containers
                : InfrastructureMode.Local,
            var other => throw new InvalidOperationException($"Unknown {SettingName} '{other}': use auto, containers or local."),
        };

    private static bool ContainerRuntimeAnswers(string runtime)
    {
        try
        {
            using var probe = Process.Start(new ProcessStartInfo(runtime, "info")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            });
            if (probe is null)
            {
                return false;
            }
            if (!probe.WaitForExit(TimeSpan.FromSeconds(10)))
            {
                probe.Kill(entireProcessTree: true);
                return false;
            }
            return probe.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false; // no such program
        }
    }
}
