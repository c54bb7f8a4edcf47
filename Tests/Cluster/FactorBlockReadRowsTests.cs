using MusicRecs.GrainInterfaces;

namespace MusicRecs.Tests.Cluster;

/// <summary>Reading some rows of a stored factor block: what an artist partition fetches of the user snapshot.</summary>
public sealed class FactorBlockReadRowsTests
{
    [Fact]
    public async Task Rows_come_back_in_the_order_asked_and_a_row_of_another_block_is_refused()
    {
        await using var harness = await ClusterHarness.StartAsync(1);
        var block = harness.Client.GetGrain<IFactorBlockGrain>(SnapshotKeys.Block("m", "run", CatalogKind.Users, 1, 1));
        var floats = Enumerable.Range(0, 3 * 2).Select(i => (float)i).ToArray();
        await block.Write(FactorBlock.FromFloats(4_096, 3, 2, floats));

        var rows = await block.ReadRows([4_098, 4_096]);
        Assert.Equal(2, rows.Rows);
        Assert.Equal(2, rows.Factors);
        Assert.Equal([4f, 5f, 0f, 1f], rows.Floats.ToArray());

        var error = await Assert.ThrowsAsync<ArgumentException>(() => block.ReadRows([4_096, 4_099]));
        Assert.Contains("4099", error.Message);

        var missing = harness.Client.GetGrain<IFactorBlockGrain>(SnapshotKeys.Block("m", "run", CatalogKind.Users, 1, 2));
        await Assert.ThrowsAsync<InvalidOperationException>(() => missing.ReadRows([8_192]));
    }
}
