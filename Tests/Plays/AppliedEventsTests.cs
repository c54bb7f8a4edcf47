using MusicRecs.Grains.Plays;

namespace MusicRecs.Tests.Plays;

public sealed class AppliedEventsTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Sequences_are_kept_as_ranges_and_classified()
    {
        var state = new UserState();
        AppliedEvents.Remember(state, "p", [5, 3, 5, 9]);
        AppliedEvents.Remember(state, "p", [4, 3]);

        Assert.Equal([3L, 5, 9, 9], state.AppliedRanges["p"]);
        Assert.Equal(EventStatus.Duplicate, AppliedEvents.Classify(state, "p", 4));
        Assert.Equal(EventStatus.Fresh, AppliedEvents.Classify(state, "p", 6));
        Assert.Equal(EventStatus.Fresh, AppliedEvents.Classify(state, "p", 2)); // nothing forgotten: no floor
        Assert.Equal(EventStatus.Fresh, AppliedEvents.Classify(state, "q", 4));
    }

    [Fact]
    public void The_window_bounds_ranges_not_numbers()
    {
        var state = new UserState();
        AppliedEvents.Remember(state, "p", Enumerable.Range(1, 100_000).Select(i => (long)i), window: 2);

        Assert.Equal([1L, 100_000], state.AppliedRanges["p"]);
        Assert.Equal(EventStatus.Duplicate, AppliedEvents.Classify(state, "p", 1));
        Assert.Equal(EventStatus.Fresh, AppliedEvents.Classify(state, "p", 0));
    }

    [Fact]
    public void Past_the_window_the_oldest_ranges_go_and_what_lies_below_is_too_old()
    {
        var state = new UserState();
        AppliedEvents.Remember(state, "p", [10, 20, 30], window: 2);

        Assert.Equal([20L, 20, 30, 30], state.AppliedRanges["p"]);
        Assert.Equal(EventStatus.TooOld, AppliedEvents.Classify(state, "p", 10)); // applied, then forgotten
        Assert.Equal(EventStatus.TooOld, AppliedEvents.Classify(state, "p", 5)); // never seen, but below the floor
        Assert.Equal(EventStatus.Fresh, AppliedEvents.Classify(state, "p", 25)); // a gap inside the window
        Assert.Equal(EventStatus.Duplicate, AppliedEvents.Classify(state, "p", 20));
    }

    [Fact]
    public void The_floor_stays_when_ranges_merge_and_the_window_is_no_longer_full()
    {
        var state = new UserState();
        AppliedEvents.Remember(state, "p", [1, 3, 5], window: 2);
        AppliedEvents.Remember(state, "p", [4], window: 2);

        Assert.Equal([3L, 5], state.AppliedRanges["p"]);
        Assert.Equal(1, AppliedEvents.RangeCount(state, "p"));
        Assert.Equal(EventStatus.TooOld, AppliedEvents.Classify(state, "p", 1));
    }

    [Fact]
    public void Extreme_sequences_merge_without_overflow()
    {
        var state = new UserState();
        AppliedEvents.Remember(state, "p", [long.MaxValue, long.MaxValue - 1, long.MinValue, long.MinValue]);

        Assert.Equal([long.MinValue, long.MinValue, long.MaxValue - 1, long.MaxValue], state.AppliedRanges["p"]);
    }

    [Fact]
    public void Every_applied_sequence_is_a_duplicate_or_too_old_never_fresh()
    {
        // The guarantee, against a plain set of everything ever applied: random batches, small window.
        var rng = new Random(3);
        var state = new UserState();
        var applied = new HashSet<long>();
        for (var round = 0; round < 400; round++)
        {
            var start = rng.Next(0, 5_000);
            var batch = Enumerable.Range(start, rng.Next(1, 30)).Select(i => (long)i).Where(s => AppliedEvents.Classify(state, "p", s) == EventStatus.Fresh).ToArray();
            AppliedEvents.Remember(state, "p", batch, window: 16);
            applied.UnionWith(batch);
            Assert.True(AppliedEvents.RangeCount(state, "p") <= 16);

            for (var probe = 0; probe < 30; probe++)
            {
                long s = rng.Next(0, 5_100);
                var status = AppliedEvents.Classify(state, "p", s);
                Assert.False(applied.Contains(s) && status == EventStatus.Fresh, $"sequence {s} was applied but reads as fresh");
            }
        }
    }

    [Fact]
    public void Idle_producers_are_pruned_and_active_ones_kept()
    {
        var state = new UserState();
        AppliedEvents.Remember(state, "old", [1]);
        AppliedEvents.Touch(state, "old", Now - TimeSpan.FromDays(31));
        AppliedEvents.Remember(state, "recent", [1]);
        AppliedEvents.Touch(state, "recent", Now - TimeSpan.FromDays(29));
        AppliedEvents.Remember(state, "unknown-age", [1]); // stored before times were kept

        var forgotten = AppliedEvents.Prune(state, Now, TimeSpan.FromDays(30));

        Assert.Equal(["old"], forgotten);
        Assert.Equal(["recent", "unknown-age"], state.AppliedRanges.Keys.Order());
        Assert.Equal(Now, state.ProducerSeen["unknown-age"]);
        Assert.False(state.AppliedFloor.ContainsKey("old"));
        Assert.Equal(EventStatus.Fresh, AppliedEvents.Classify(state, "old", 1));
        Assert.Equal(EventStatus.Duplicate, AppliedEvents.Classify(state, "recent", 1));
    }

    [Fact]
    public void The_earliest_format_is_converted_with_its_floor()
    {
        var small = new UserState { Applied = { ["p"] = [1, 2, 3, 7] } };
        Assert.Equal(EventStatus.Duplicate, AppliedEvents.Classify(small, "p", 2));
        Assert.Equal(EventStatus.Fresh, AppliedEvents.Classify(small, "p", 5));
        Assert.Equal(EventStatus.Fresh, AppliedEvents.Classify(small, "p", 0));
        Assert.Empty(small.Applied);
        Assert.Equal([1L, 3, 7, 7], small.AppliedRanges["p"]);

        // A full earlier window (4,096 numbers) may have forgotten older ones.
        var full = new UserState { Applied = { ["p"] = [.. Enumerable.Range(100, 4096).Select(i => (long)i)] } };
        Assert.Equal(EventStatus.TooOld, AppliedEvents.Classify(full, "p", 99));
    }

    [Fact]
    public void Ranges_of_the_previous_format_without_a_floor_get_one_when_they_hold_a_full_window()
    {
        var full = new UserState { AppliedRanges = { ["p"] = [100, 100 + 4095] } };
        var partial = new UserState { AppliedRanges = { ["p"] = [100, 200] } };

        Assert.Equal(EventStatus.TooOld, AppliedEvents.Classify(full, "p", 99));
        Assert.Equal(EventStatus.Fresh, AppliedEvents.Classify(partial, "p", 99));
    }
}
