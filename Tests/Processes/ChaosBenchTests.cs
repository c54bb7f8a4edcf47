using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using MusicRecs.Tests.ClusterCli;
using MusicRecs.Tests.Json;
using MusicRecs.Tests.Live;

namespace MusicRecs.Tests.Processes;

/// <summary>
/// 'bench chaos' end to end on a tiny generated file: its own Azurite (scripts/azurite.sh on free ports), two silo
/// processes, at least one SIGKILL while the plays are applied and one of the orchestrator's silo. In the process
/// collection, so it runs alone. It asserts the user side only: nothing the file holds is missing from the users'
/// histories. The artist side and the model may differ until the users' outbox lands (what the bench measures).
/// </summary>
[Collection(ProcessCollection.Name)]
[Trait("Category", ProcessCollection.Category)]
public sealed partial class ChaosBenchTests
{
    [Fact]
    public void Bench_chaos_with_two_silos_loses_no_play_on_the_user_side_and_leaves_nothing_behind()
    {
        using var plays = SmallPlays.Generate();
        var rows = File.ReadLines(plays.Path).Skip(1).Select(l => l.Split('\t')).Where(f => f.Length >= 3).ToArray();
        var fileSum = rows.Sum(f => double.Parse(f[2], CultureInfo.InvariantCulture));

        var run = Tool.Run(TimeSpan.FromMinutes(8), "bench", "chaos", "--data", plays.Path, "--silos", "2", "--kill-every", "2", "--factors", "8", "--iterations", "20", "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        var json = run.LastJson();
        Assert.Equal(ExpectedKeys.BenchChaos, JsonKeys.Of(json));
        Assert.Equal(2, json.GetProperty("silos").GetInt32());
        Assert.Equal(rows.Length, json.GetProperty("rows").GetInt64());
        Assert.True(json.GetProperty("plays_sent").GetInt64() >= rows.Length, json.ToString());
        Assert.Equal(fileSum, json.GetProperty("expected_plays").GetDouble(), 3);
        Assert.True(json.GetProperty("kills").GetInt32() >= 1, json.ToString());
        Assert.True(json.GetProperty("training_completed").GetBoolean(), json.ToString());

        // The user side: every play of the file is in the users' histories (duplicates from the resent slice aside).
        Assert.Equal(0, json.GetProperty("lost").GetDouble());
        Assert.True(json.GetProperty("user_side_plays").GetDouble() >= fileSum * (1 - 1e-6), json.ToString());

        // Every process it started is gone, and so is its run folder.
        var folder = RunFolder().Match(run.Stderr);
        Assert.True(folder.Success, run.Stderr);
        Assert.False(Directory.Exists(folder.Groups[1].Value), $"{folder.Groups[1].Value} was left behind");
        var pids = SiloPid().Matches(run.Stderr).Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToArray();
        Assert.NotEmpty(pids);
        Assert.All(pids, pid => Assert.False(IsRunning(pid), $"silo process {pid} is still running"));
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"chaos: run folder (\S+)")]
    private static partial Regex RunFolder();

    [GeneratedRegex(@"(?:silo\d+ pid|back \(pid) (\d+)")]
    private static partial Regex SiloPid();
}
