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
        var floats = Enumerable.Range(0, 5 * 2).Select(i => (float)i).ToArray();
        await block.Write(FactorBlock.FromFloats(4_096, 5, 2, floats));

        var rows = await block.ReadRows([4_098, 4_096]);
        Assert.Equal(2, rows.Rows);
        Assert.Equal(2, rows.Factors);
        Assert.Equal(-1, rows.FirstRow);
        Assert.Equal([4f, 5f, 0f, 1f], rows.Floats.ToArray());

        // Three of five rows: the whole block comes back, and each row is found in it.
        var most = await block.ReadRows([4_100, 4_097, 4_096]);
        Assert.Equal(4_096, most.FirstRow);
        Assert.Equal(5, most.Rows);
        Assert.Equal([8f, 9f], most.Row(4_100, 0).ToArray());
        Assert.Equal([2f, 3f], most.Row(4_097, 1).ToArray());

        // A caller in the block's own silo gets the whole block for one row (its stored bytes, read in place); a caller
        // naming another silo gets the row alone.
        var silo = harness.Cluster.Silos[0].SiloAddress.ToString();
        var local = await block.ReadRows([4_099], silo);
        Assert.Equal((4_096, 5), (local.FirstRow, local.Rows));
        Assert.Equal([6f, 7f], local.Row(4_099, 0).ToArray());
        var remote = await block.ReadRows([4_099], "S10.0.0.9:11111:1");
        Assert.Equal((-1, 1), (remote.FirstRow, remote.Rows));

        var error = await Assert.ThrowsAsync<ArgumentException>(() => block.ReadRows([4_096, 4_101]));
        Assert.Contains("4101", error.Message);

        var missing = harness.Client.GetGrain<IFactorBlockGrain>(SnapshotKeys.Block("m", "run", CatalogKind.Users, 1, 2));
        await Assert.ThrowsAsync<InvalidOperationException>(() => missing.ReadRows([8_192]));
    }
}
