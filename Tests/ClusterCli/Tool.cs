using MusicRecs.Tests.Processes;

namespace MusicRecs.Tests.ClusterCli;

/// <summary>Runs the built musicrecs tool as a separate process, without cluster settings leaking in from the environment.</summary>
internal static class Tool
{
    private static readonly string[] ClusterVariables = ["MUSICRECS_CONNECTION_STRING", "MUSICRECS_CLUSTER_ID"];

    public static ProcessResult Run(params string[] args) => Run(TimeSpan.FromMinutes(3), args);

    public static ProcessResult Run(TimeSpan timeout, params string[] args) =>
        ChildProcess.RunAsync(RepoPaths.Dotnet, [RepoPaths.ClientDll, .. args], timeout, unset: ClusterVariables).GetAwaiter().GetResult();
}
