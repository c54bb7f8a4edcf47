using MusicRecs.Tests.Live;

namespace MusicRecs.Tests.Json;

/// <summary>The --json keys of the commands that start silos of their own, exactly.</summary>
public sealed class BenchJsonKeyTests
{
    [Fact]
    public void Bench_query()
    {
        using var plays = SmallPlays.Generate();
        OfflineJsonKeyTests.AssertKeys(ExpectedKeys.BenchQuery, "bench", "query", "--data", plays.Path, "--factors", "8", "--iterations", "3", "--queries", "200", "--json");
    }

    [Fact]
    public void Bench_ingest()
    {
        using var plays = SmallPlays.Generate();
        OfflineJsonKeyTests.AssertKeys(ExpectedKeys.BenchIngest, "bench", "ingest", "--data", plays.Path, "--factors", "8", "--iterations", "3", "--seconds", "1", "--probes", "50", "--json");
    }

    [Fact]
    public void Bench_train_cluster()
    {
        using var plays = SmallPlays.Generate();
        OfflineJsonKeyTests.AssertKeys(ExpectedKeys.BenchTrainCluster, "bench", "train", "--cluster", "--data", plays.Path, "--factors", "8", "--iterations", "2", "--json");
    }

    [Fact]
    public void Quickstart()
    {
        using var plays = SmallPlays.Generate();
        OfflineJsonKeyTests.AssertKeys(ExpectedKeys.Quickstart, "quickstart", "--data", plays.Path, "--factors", "8", "--iterations", "2", "--json");
    }
}
