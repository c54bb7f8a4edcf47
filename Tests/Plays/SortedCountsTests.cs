using MusicRecs.Grains.Cluster;
using MusicRecs.Grains.Plays;

namespace MusicRecs.Tests.Plays;

public sealed class SortedCountsTests
{
    [Fact]
    public void MergeEqualsSummingIntoADictionary()
    {
        var rng = new Random(7);
        var counts = new SortedCounts();
        var expected = new SortedDictionary<int, (double Count, long Time)>();
        for (var round = 0; round < 50; round++)
        {
            var additions = Enumerable.Range(0, rng.Next(0, 30)).Select(_ => (Index: rng.Next(0, 60), Count: (float)rng.Next(1, 9), Time: (long)rng.Next(0, 1000))).ToArray();
            counts.Add(additions);
            foreach (var (index, count, time) in additions)
            {
                expected[index] = expected.TryGetValue(index, out var old) ? (old.Count + count, Math.Max(old.Time, time)) : (count, time);
            }

            Assert.Equal(expected.Keys, counts.Indexes);
            Assert.Equal(expected.Values.Select(v => (float)v.Count), counts.Counts);
            Assert.Equal(expected.Values.Select(v => v.Time), counts.Latest);
        }
    }

    [Fact]
    public void RejectsBadAdditionsAndKeepsWhatItHad()
    {
        var counts = new SortedCounts();
        counts.Add([(3, 2f, 10L)]);
        Assert.Throws<ArgumentOutOfRangeException>(() => counts.Add([(4, 1f, 0L), (-1, 1f, 0L)]));
        Assert.Throws<ArgumentOutOfRangeException>(() => counts.Add([(4, float.NaN, 0L)]));
        Assert.Throws<ArgumentOutOfRangeException>(() => counts.Add([(4, 0f, 0L)]));
        Assert.Equal([3], counts.Indexes);
        Assert.Equal([2f], counts.Counts);
    }

    [Fact]
    public void Latest_stays_empty_until_an_addition_carries_a_time_and_then_covers_every_entry()
    {
        var counts = new SortedCounts();
        counts.Add([(4, 1f, 0L), (2, 1f, 0L)]);
        counts.Add([(4, 2f, 0L)]);
        Assert.Equal([2, 4], counts.Indexes);
        Assert.Equal([1f, 3f], counts.Counts);
        Assert.Empty(counts.Latest);

        counts.Add([(3, 1f, 50L)]);
        Assert.Equal([2, 3, 4], counts.Indexes);
        Assert.Equal([0L, 50L, 0L], counts.Latest);
    }
}
