using MusicRecs.Grains.Snapshots;

namespace MusicRecs.Tests.Training;

/// <summary>The out-block buffers a silo keeps: allocated for the whole other side, so any later out-block reuses them.</summary>
public sealed class FactorBuffersTests
{
    [Fact]
    public void A_buffer_first_rented_for_a_small_out_block_is_reused_for_the_largest()
    {
        var buffers = new FactorBuffers(2);
        var small = buffers.Rent(100, 64, 200_000);
        Assert.True(small.LongLength >= 200_000L * 64);
        Assert.Equal(0, small.Length % 64);
        var other = buffers.Rent(150_000, 64, 200_000);
        Assert.NotSame(small, other);

        buffers.Return(small);
        buffers.Return(other);
        var largest = buffers.Rent(200_000, 64, 200_000);
        var next = buffers.Rent(5, 64, 200_000);
        Assert.Contains(largest, new[] { small, other });
        Assert.Contains(next, new[] { small, other });
        Assert.NotSame(largest, next);
    }

    [Fact]
    public void At_most_the_capacity_is_kept_and_an_out_block_larger_than_the_side_still_gets_a_fitting_buffer()
    {
        var buffers = new FactorBuffers(1);
        var a = buffers.Rent(10, 8, 10);
        var b = buffers.Rent(10, 8, 10);
        buffers.Return(a);
        buffers.Return(b);
        var again = buffers.Rent(10, 8, 10);
        var fresh = buffers.Rent(10, 8, 10);
        Assert.True(ReferenceEquals(again, a) || ReferenceEquals(again, b));
        Assert.False(ReferenceEquals(fresh, a) || ReferenceEquals(fresh, b));

        Assert.True(buffers.Rent(5_000, 8, 10).LongLength >= 5_000L * 8);
    }
}
