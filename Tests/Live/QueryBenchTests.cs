using MusicRecs.Tests.ClusterCli;

namespace MusicRecs.Tests.Live;

/// <summary>'bench query' end to end: its own silo, a tiny generated dataset, a short training run.</summary>
public sealed class QueryBenchTests
{
    [Fact]
    public void Bench_query_reports_latency_percentiles_and_throughput()
    {
        using var plays = SmallPlays.Generate();
        var data = plays.Path;

        var bench = Tool.Run(TimeSpan.FromMinutes(4), "bench", "query", "--data", data, "--factors", "8", "--iterations", "3", "--queries", "200", "--json");
        Assert.True(bench.ExitCode == 0, bench.ToString());
        var json = bench.LastJson();
        foreach (var (p50, p99) in new[] { ("p50_us", "p99_us"), ("similar_p50_us", "similar_p99_us"), ("explain_p50_us", "explain_p99_us") })
        {
            var low = json.GetProperty(p50).GetDouble();
            var high = json.GetProperty(p99).GetDouble();
            Assert.True(low > 0 && low <= high, $"{p50} {low}, {p99} {high}: {json}");
        }

        Assert.True(json.GetProperty("queries_per_second").GetDouble() > 0, json.ToString());
        Assert.Equal(200, json.GetProperty("queries").GetInt32());
        Assert.Equal(0, json.GetProperty("failures").GetInt32());
        Assert.Equal(200, json.GetProperty("model_answers").GetInt32());
        Assert.Contains(json.GetProperty("scoring_kernel").GetString(), new[] { "avx512", "avx2", "scalar" });
    }

    [Fact]
    public void Bench_query_refuses_bad_options_before_starting_a_silo()
    {
        var bench = Tool.Run("bench", "query", "--queries", "0");
        Assert.True(bench.ExitCode == 2, bench.ToString());
        Assert.Contains("--queries", bench.Stderr, StringComparison.Ordinal);
    }
}
