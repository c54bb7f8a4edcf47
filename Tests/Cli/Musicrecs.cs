using MusicRecs.Tests.ClusterCli;

namespace MusicRecs.Tests.Cli;

/// <summary>Runs the built musicrecs tool as a separate process, as a user would.</summary>
internal static class Musicrecs
{
    public static Tool.Result Run(params string[] args) => Tool.Run(args);
}
