namespace Streaming.Hosting.Common;

/// <summary>
/// Runs .NET services from their build output (<c>dotnet Service.dll</c>) instead of DCP's <c>dotnet run --project</c>,
/// which evaluates the project at every start: 1.7 CPU-seconds each, 36 starts in one test run on two cores. Meant for
/// harnesses that have built the solution already (the test suite, the fault suite, the benchmarks); the app host keeps
/// <c>dotnet run</c> for people who edit a service and start it again.
/// </summary>
public static class BuildOutputLaunch
{
    public static void RunFromBuildOutput(this IEnumerable<ProjectResource> projects)
    {
        foreach (var project in projects)
        {
            var metadata = project.GetProjectMetadata();
            var assembly = AssemblyPath(metadata);
            project.Annotations.Add(new ExecutableAnnotation { Command = "dotnet", WorkingDirectory = Path.GetDirectoryName(metadata.ProjectPath)! });
            project.Annotations.Add(new CommandLineArgsCallbackAnnotation(args => args.Add(assembly)));
        }
    }

    /// <summary>The service's assembly, built in the configuration and for the framework the calling harness was.</summary>
    public static string AssemblyPath(IProjectMetadata project)
    {
        var harnessOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var path = Path.Combine(Path.GetDirectoryName(project.ProjectPath)!, "bin", harnessOutput.Parent!.Name, harnessOutput.Name,
            Path.GetFileNameWithoutExtension(project.ProjectPath) + ".dll");
        return File.Exists(path) ? path : throw new FileNotFoundException("Build the solution first: the service's output is missing.", path);
    }
}
