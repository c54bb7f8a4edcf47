using MusicRecs.GrainInterfaces;

namespace MusicRecs.Tests.Cluster;

public sealed class BenchGrainTests
{
    [Fact]
    public async Task A_silo_without_Bench_Enabled_does_not_host_the_query_bench_grain()
    {
        await using var harness = await ClusterHarness.StartAsync(1);
        var refused = await Assert.ThrowsAsync<ArgumentException>(() => harness.Client.GetGrain<IQueryBenchGrain>("query-bench/off").ProcessorCount());
        Assert.Contains(nameof(IQueryBenchGrain), refused.Message, StringComparison.Ordinal);
    }
}
