using MusicRecs.Tests.ClusterCli;

namespace MusicRecs.Tests.Live;

/// <summary>'bench ingest' end to end: its own silo, a tiny generated dataset, a short training run and a short replay.</summary>
public sealed class IngestBenchTests
{
    [Fact]
    public void Bench_ingest_reports_plays_per_second_and_freshness_percentiles()
    {
        using var plays = SmallPlays.Generate();
        var data = plays.Path;

        var bench = Tool.Run(TimeSpan.FromMinutes(4), "bench", "ingest", "--data", data, "--factors", "8", "--iterations", "3", "--seconds", "2", "--probes", "200", "--json");
        Assert.True(bench.ExitCode == 0, bench.ToString());
        var json = bench.LastJson();
        Assert.True(json.GetProperty("plays_per_second").GetDouble() > 0, json.ToString());
        Assert.True(json.GetProperty("plays").GetInt64() > 0, json.ToString());
        Assert.True(json.GetProperty("seconds").GetDouble() > 0, json.ToString());
        var p50 = json.GetProperty("freshness_p50_ms").GetDouble();
        var p99 = json.GetProperty("freshness_p99_ms").GetDouble();
        Assert.True(p50 > 0 && p50 <= p99, $"freshness p50 {p50}, p99 {p99}: {json}");
        Assert.Equal("memory", json.GetProperty("stream_provider").GetString());
    }

    [Fact]
    public void Bench_ingest_refuses_bad_options_before_starting_a_silo()
    {
        var seconds = Tool.Run("bench", "ingest", "--seconds", "0");
        Assert.True(seconds.ExitCode == 2, seconds.ToString());
        Assert.Contains("--seconds", seconds.Stderr, StringComparison.Ordinal);

        var batch = Tool.Run("bench", "ingest", "--batch", "0");
        Assert.True(batch.ExitCode == 2, batch.ToString());
        Assert.Contains("--batch", batch.Stderr, StringComparison.Ordinal);

        var probes = Tool.Run("bench", "ingest", "--probes", "0");
        Assert.True(probes.ExitCode == 2, probes.ToString());
        Assert.Contains("--probes", probes.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Bench_ingest_on_azure_queue_streams_needs_a_reachable_storage_account()
    {
        var missing = Tool.Run("bench", "ingest", "--streams", "azure");
        Assert.True(missing.ExitCode == 2, missing.ToString());
        Assert.Contains("--streams-connection-string", missing.Stderr, StringComparison.Ordinal);

        // Nothing listens on the queue endpoint: the queues cannot be created, before any silo starts.
        var port = MusicRecs.Client.Processes.FreePorts.Take(1)[0];
        var unreachable = Tool.Run(
            "bench", "ingest", "--streams", "azure", "--streams-connection-string",
            $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=a2V5;QueueEndpoint=http://127.0.0.1:{port}/devstoreaccount1;");
        Assert.True(unreachable.ExitCode == 2, unreachable.ToString());
        Assert.Contains("could not create the play queue", unreachable.Stderr, StringComparison.Ordinal);
        Assert.Contains($"127.0.0.1:{port}", unreachable.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", unreachable.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("silo:", unreachable.Stderr + unreachable.Stdout, StringComparison.Ordinal);
    }
}
