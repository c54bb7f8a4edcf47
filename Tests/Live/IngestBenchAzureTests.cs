using Azure.Storage.Queues;
using MusicRecs.Tests.ClusterCli;
using MusicRecs.Tests.Processes;

namespace MusicRecs.Tests.Live;

/// <summary>
/// 'bench ingest --streams azure' end to end: its own silo with Azure Queue streams (grain state in memory) on the
/// process tests' Azurite (MUSICRECS_TEST_AZURE, or one the collection starts), a tiny generated dataset, a short
/// training run and a short replay. In the process collection, so it runs alone and with that Azurite.
/// </summary>
[Collection(ProcessCollection.Name)]
[Trait("Category", ProcessCollection.Category)]
public sealed class IngestBenchAzureTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Bench_ingest_on_azure_queue_streams_reports_plays_per_second_and_freshness_percentiles()
    {
        using var plays = SmallPlays.Generate();
        var data = plays.Path;

        var bench = Tool.Run(
            TimeSpan.FromMinutes(4),
            "bench", "ingest", "--data", data, "--factors", "8", "--iterations", "3", "--seconds", "2", "--probes", "100",
            "--streams", "azure", "--streams-connection-string", azurite.ConnectionString, "--json");
        Assert.True(bench.ExitCode == 0, bench.ToString());
        var json = bench.LastJson();
        Assert.Equal("azure", json.GetProperty("stream_provider").GetString());
        Assert.True(json.GetProperty("plays_per_second").GetDouble() > 0, json.ToString());
        Assert.True(json.GetProperty("plays").GetInt64() > 0, json.ToString());
        Assert.True(json.GetProperty("seconds").GetDouble() > 0, json.ToString());
        var p50 = json.GetProperty("freshness_p50_ms").GetDouble();
        var p99 = json.GetProperty("freshness_p99_ms").GetDouble();
        Assert.True(p50 > 0 && p50 <= p99, $"freshness p50 {p50}, p99 {p99}: {json}");

        // The run's queues were its own, and are gone afterwards.
        var queues = json.GetProperty("stream_queues").EnumerateArray().Select(q => q.GetString()!).ToList();
        Assert.Equal(MusicRecs.GrainInterfaces.PlayStreams.QueueCount, queues.Count);
        var service = new QueueServiceClient(azurite.ConnectionString);
        foreach (var queue in queues)
        {
            Assert.False((await service.GetQueueClient(queue).ExistsAsync()).Value, $"queue {queue} is left after the run");
        }
    }
}
