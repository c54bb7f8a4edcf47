using System.Text.RegularExpressions;
using MusicRecs.Tests.Live;
using MusicRecs.Tests.Processes;

namespace MusicRecs.Tests.Json;

/// <summary>
/// The --json keys of the commands that start silos of their own, exactly; and that the silo logs and log
/// folders they made in the temp folder (named on stderr) are gone when they end.
/// </summary>
public sealed partial class BenchJsonKeyTests
{
    [Fact]
    public void Bench_query()
    {
        using var plays = SmallPlays.Generate();
        NothingLeft(OfflineJsonKeyTests.AssertKeys(ExpectedKeys.BenchQuery, "bench", "query", "--data", plays.Path, "--factors", "8", "--iterations", "3", "--queries", "200", "--json"));
    }

    [Fact]
    public void Bench_ingest()
    {
        using var plays = SmallPlays.Generate();
        NothingLeft(OfflineJsonKeyTests.AssertKeys(ExpectedKeys.BenchIngest, "bench", "ingest", "--data", plays.Path, "--factors", "8", "--iterations", "3", "--seconds", "1", "--probes", "50", "--json"));
    }

    [Fact]
    public void Bench_train_cluster()
    {
        using var plays = SmallPlays.Generate();
        var run = OfflineJsonKeyTests.AssertKeys(ExpectedKeys.BenchTrainCluster, "bench", "train", "--cluster", "--data", plays.Path, "--factors", "8", "--iterations", "2", "--json");
        NothingLeft(run);

        // One peak and one factor figure per silo process, and the single-process trainer's peak from its own process.
        var json = run.LastJson();
        var peaks = json.GetProperty("silo_peak_memory_bytes").EnumerateArray().Select(e => e.GetInt64()).ToArray();
        var factors = json.GetProperty("silo_factor_bytes").EnumerateArray().Select(e => e.GetInt64()).ToArray();
        Assert.Single(peaks);
        Assert.Single(factors);
        Assert.True(peaks[0] > 0, "the silo's peak resident set was not read");
        Assert.True(factors[0] > 0, "the silo reported no factor bytes after training");
        Assert.True(json.GetProperty("single_process_peak_memory_bytes").GetInt64() > 0, "the single-process trainer's peak was not read");
    }

    [Fact]
    public void Quickstart()
    {
        using var plays = SmallPlays.Generate();
        NothingLeft(OfflineJsonKeyTests.AssertKeys(ExpectedKeys.Quickstart, "quickstart", "--data", plays.Path, "--factors", "8", "--iterations", "2", "--json"));
    }

    private static void NothingLeft(ProcessResult run)
    {
        var made = TempPath().Matches(run.Stderr).Select(m => m.Value).ToArray();
        Assert.NotEmpty(made);
        Assert.All(made, path => Assert.False(File.Exists(path) || Directory.Exists(path), $"{path} was left behind"));
    }

    [GeneratedRegex(@"/\S*musicrecs-(?:bench|silo)-[^\s)]+")]
    private static partial Regex TempPath();
}
