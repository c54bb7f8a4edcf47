using MusicRecs.Tests.ClusterCli;
using MusicRecs.Tests.Processes;

namespace MusicRecs.Tests.Cli;

/// <summary>Runs the built musicrecs tool as a separate process, as a user would.</summary>
internal static class Musicrecs
{
    public static ProcessResult Run(params string[] args) => Tool.Run(args);
}
