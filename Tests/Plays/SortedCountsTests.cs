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
    public void AppliedEventsRememberTheLatestWindowAsRanges()
    {
        var state = new UserState();
        AppliedEvents.Remember(state, "p", [5, 3, 5, 9]);
        AppliedEvents.Remember(state, "p", [4, 3]);
        Assert.Equal([3L, 5, 9, 9], state.AppliedRanges["p"]);
        Assert.True(AppliedEvents.IsDuplicate(state, "p", 4));
        Assert.False(AppliedEvents.IsDuplicate(state, "p", 6));
        Assert.False(AppliedEvents.IsDuplicate(state, "p", 2));
        Assert.False(AppliedEvents.IsDuplicate(state, "q", 4));

        AppliedEvents.Remember(state, "p", Enumerable.Range(100, AppliedEvents.Window - 1).Select(i => (long)i));
        Assert.Equal([9L, 9, 100, 100 + AppliedEvents.Window - 2], state.AppliedRanges["p"]);
        Assert.True(AppliedEvents.IsDuplicate(state, "p", 5)); // older than the full window
        Assert.False(AppliedEvents.IsDuplicate(state, "p", 50)); // a gap inside the window
    }

    [Fact]
    public void AppliedEventsMatchAPlainSetOverTheWindow()
    {
        var rng = new Random(3);
        var state = new UserState();
        var remembered = new SortedSet<long>();
        for (var round = 0; round < 300; round++)
        {
            var start = rng.Next(0, 20_000);
            var batch = Enumerable.Range(start, rng.Next(1, 60)).Select(i => (long)i).ToArray();
            AppliedEvents.Remember(state, "p", batch);
            remembered.UnionWith(batch);
            while (remembered.Count > AppliedEvents.Window)
            {
                remembered.Remove(remembered.Min);
            }

            for (var probe = 0; probe < 20; probe++)
            {
                long s = rng.Next(0, 20_100);
                var expected = remembered.Contains(s) || (remembered.Count >= AppliedEvents.Window && s < remembered.Min);
                Assert.Equal(expected, AppliedEvents.IsDuplicate(state, "p", s));
            }
        }
    }

    [Fact]
    public void AppliedEventsConvertTheEarlierFormat()
    {
        var state = new UserState { Applied = { ["p"] = [1, 2, 3, 7] } };
        Assert.True(AppliedEvents.IsDuplicate(state, "p", 2));
        Assert.False(AppliedEvents.IsDuplicate(state, "p", 5));
        Assert.Empty(state.Applied);
        Assert.Equal([1L, 3, 7, 7], state.AppliedRanges["p"]);
    }
}
