using System.Diagnostics;

namespace Streaming.Hosting.Postgres;

/// <summary>Runs <c>initdb</c> once per data folder, so the cluster and its data survive restarts of the app.</summary>
internal static class PostgresClusterInitialisation
{
    public static async Task EnsureAsync(LocalPostgresServerResource server, string binDirectory, bool asRoot, CancellationToken cancellationToken)
    {
        var dataDirectory = Path.Combine(server.DataDirectory, "data");
        if (File.Exists(Path.Combine(dataDirectory, "PG_VERSION")))
        {
            return;
        }

        Directory.CreateDirectory(server.DataDirectory);
        var userName = await server.UserName.GetValueAsync(cancellationToken);
        var password = await server.Password.GetValueAsync(cancellationToken);
        var passwordFile = Path.Combine(server.DataDirectory, "initdb.pw");
        await File.WriteAllTextAsync(passwordFile, password, cancellationToken);
        try
        {
            if (asRoot)
            {
                await RunAsync("chown", ["-R", "postgres:postgres", server.DataDirectory], cancellationToken);
            }
            string[] initdb = [Path.Combine(binDirectory, "initdb"), "-D", dataDirectory, "-U", userName!, "--pwfile", passwordFile,
                "--auth=scram-sha-256", "--encoding=UTF8", "--locale=C.UTF-8",
                // Durability of the empty cluster does not matter; on a loaded machine syncing it takes minutes.
                "--no-sync"];
            if (asRoot)
            {
                await RunAsync("setpriv", ["--reuid=postgres", "--regid=postgres", "--init-groups", "--", .. initdb], cancellationToken);
            }
            else
            {
                await RunAsync(initdb[0], initdb[1..], cancellationToken);
            }
        }
        finally
        {
            File.Delete(passwordFile);
        }
    }

    private static async Task RunAsync(string fileName, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{fileName} failed ({process.ExitCode}): {await error}{await output}");
        }
    }
}
