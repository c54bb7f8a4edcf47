using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MusicRecs.Grains.Hosting;

namespace MusicRecs.Tests.Hosting;

public sealed class HeapCompactionTests
{
    private const long MB = 1L << 20;

    [Theory]
    [InlineData(1023, 0, 2, false)]   // below the floor, whatever was live
    [InlineData(1024, 0, 2, true)]    // nothing compacted yet: the floor decides
    [InlineData(1200, 600, 2, true)]  // twice what was live after the last compaction
    [InlineData(1190, 600, 2, false)]
    [InlineData(1100, 700, 1.5, true)]
    [InlineData(4096, 448, 0, false)] // off
    public void A_compaction_is_due_at_the_growth_over_what_was_live_and_never_below_the_floor(long committedMb, long liveMb, double growth, bool due) =>
        Assert.Equal(due, HeapCompaction.Due(committedMb * MB, liveMb * MB, growth, 1024 * MB));

    [Theory]
    [InlineData(767, 400, false)] // a lower floor: below it, still never
    [InlineData(768, 600, false)] // at it, but under 1.5 times what was live (900)
    [InlineData(800, 500, true)]  // a compaction the default floor of 1 GB would not start
    public void A_lower_floor_starts_compactions_earlier(long committedMb, long liveMb, bool due) =>
        Assert.Equal(due, HeapCompaction.Due(committedMb * MB, liveMb * MB, 1.5, 768 * MB));

    [Fact]
    public async Task A_compaction_asked_for_runs_at_the_next_check_even_below_the_floor()
    {
        // A floor no test heap reaches: only the request can start a compaction.
        var options = Options.Create(new LiveOptions { HeapCompactionGrowth = 2, HeapCompactionFloorMegabytes = 1_048_576 });
        using var service = new HeapCompaction(options, NullLogger<HeapCompaction>.Instance);
        await service.StartAsync(CancellationToken.None);
        try
        {
            var before = HeapCompaction.Compactions;
            HeapCompaction.Request();
            await Eventually.TrueAsync(() => HeapCompaction.Compactions > before, TimeSpan.FromSeconds(10), "a compaction after the request");
        }
        finally
        {
            await service.StopAsync(CancellationToken.None);
        }
    }
}
