using System.CommandLine;
using MusicRecs.Client.Check;
using MusicRecs.Client.Connection;

namespace MusicRecs.Client.Commands;

/// <summary>
/// <c>musicrecs check</c>: an fsck of the cluster's plays. Exit code 0 when the users' histories and the artists'
/// listener lists agree pair by pair, nothing is owed and the catalogs agree with their grains; 4 otherwise.
/// </summary>
internal static class CheckCommand
{
    public const int Inconsistent = 4;

    public static Command Create() =>
        ClusterCommand.Create(
            "check",
            "Check that the artists' listener counts agree with the users' plays (after settling the users' outboxes and flushing the silos) and that the catalogs agree with their grains; exit code 4 names the first inconsistencies. Run it on a quiet cluster.",
            [],
            async call =>
            {
                var (_, report, settings, ct) = call;
                await using var connection = await call.ConnectAsync();
                report.Line($"checking the cluster at {settings.Describe()}");
                var result = await ConsistencyCheck.RunAsync(connection.Client, ct);
                ConsistencyCheck.Describe(result, report);
                report.WriteJson(result);
                return result.Consistent ? 0 : Inconsistent;
            });
}
