using MusicRecs.Tests.ClusterCli;
using MusicRecs.Tests.Live;

namespace MusicRecs.Tests.Http;

/// <summary>'bench http' end to end: its own silo with HTTP on a free port, a tiny generated dataset, a short run.</summary>
public sealed class HttpBenchTests
{
    [Fact]
    public void Bench_http_reports_http_latency_throughput_and_the_in_silo_latency()
    {
        using var plays = SmallPlays.Generate();
        var bench = Tool.Run(TimeSpan.FromMinutes(4), "bench", "http", "--data", plays.Path, "--factors", "8", "--iterations", "3", "--requests", "300", "--json");
        Assert.True(bench.ExitCode == 0, bench.ToString());
        var json = bench.LastJson();
        var p50 = json.GetProperty("http_p50_us").GetDouble();
        var p99 = json.GetProperty("http_p99_us").GetDouble();
        Assert.True(p50 > 0 && p50 <= p99, json.ToString());
        Assert.True(json.GetProperty("requests_per_second").GetDouble() > 0, json.ToString());
        Assert.True(json.GetProperty("in_silo_p50_us").GetDouble() > 0, json.ToString());
        Assert.Equal(16, json.GetProperty("concurrency").GetInt32());
        Assert.Equal(0, json.GetProperty("failures").GetInt32());

        // The warm-up ran at least one round and stopped either settled or at its limits.
        var rounds = json.GetProperty("warmup_rounds").GetInt32();
        var share = json.GetProperty("warmup_jit_share").GetDouble();
        Assert.InRange(rounds, 1, 40);
        Assert.True(json.GetProperty("warmup_seconds").GetDouble() > 0, json.ToString());
        Assert.True(share >= 0 && (share < 0.02 || rounds == 40 || json.GetProperty("warmup_seconds").GetDouble() >= 60), json.ToString());
    }

    [Fact]
    public void Bench_http_refuses_bad_options_before_starting_a_silo()
    {
        var bench = Tool.Run("bench", "http", "--requests", "0");
        Assert.True(bench.ExitCode == 2, bench.ToString());
        Assert.Contains("--requests", bench.Stderr, StringComparison.Ordinal);
    }
}
