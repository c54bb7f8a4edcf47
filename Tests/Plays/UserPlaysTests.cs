using MusicRecs.GrainInterfaces;
using MusicRecs.Grains.Plays;

namespace MusicRecs.Tests.Plays;

public sealed class UserPlaysTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Check_rejects_bad_events_and_drops_repeats_within_the_batch()
    {
        var state = new UserState();
        PlayEvent[] batch =
        [
            new("a", 2f, 10, "p", 1),
            new("a", 2f, 10, "p", 1),
            new("", 1f, 10, "p", 2),
            new("b", float.NaN, 10, "p", 3),
            new("b", -1f, 10, "p", 4),
            new("b", 1f, 10, "", 5),
            new("b", 3f, 11, "p", 6),
        ];

        var check = UserPlays.Check(state, batch);

        Assert.Equal([1L, 6L], check.Fresh.Select(e => e.Sequence));
        Assert.Equal([2L, 3L, 4L, 5L], check.Rejected.Select(e => e.Sequence));
        Assert.Equal(1, check.Duplicates);
    }

    [Fact]
    public void Applied_events_are_duplicates_on_redelivery_and_counts_sum_per_artist()
    {
        var state = new UserState { Index = 7 };
        PlayEvent[] batch = [new("a", 2f, 10, "p", 1), new("b", 1f, 20, "p", 2), new("a", 3f, 30, "p", 3)];
        var indexOf = new Dictionary<string, int> { ["a"] = 5, ["b"] = 2 };

        UserPlays.Apply(state, UserPlays.Check(state, batch).Fresh, indexOf, Now);
        var again = UserPlays.Check(state, batch);

        Assert.Equal([2, 5], state.Plays.Indexes);
        Assert.Equal([1f, 5f], state.Plays.Counts);
        Assert.Equal([20L, 30L], state.Plays.Latest);
        Assert.Equal(Now, state.LastChange);
        Assert.Empty(again.Fresh);
        Assert.Equal(3, again.Duplicates);
    }

    [Fact]
    public void Check_rejects_counts_above_the_readers_limit_and_keeps_the_limit_itself()
    {
        var state = new UserState();
        PlayEvent[] batch = [new("a", 1e15f, 0, "p", 1), new("b", 2e15f, 0, "p", 2), new("c", float.PositiveInfinity, 0, "p", 3), new("c", 0f, 0, "p", 4)];

        var check = UserPlays.Check(state, batch);

        Assert.Equal([1L], check.Fresh.Select(e => e.Sequence));
        Assert.Equal([2L, 3L, 4L], check.Rejected.Select(e => e.Sequence));
        Assert.Equal(3, check.Problems.Count);
        Assert.Contains("positive, finite and at most 1E+15", check.Problems[0]);
    }

    [Fact]
    public void Check_rejects_blank_and_oversized_ids()
    {
        var state = new UserState();
        var longId = new string('x', UserPlays.MaxIdLength + 1);
        PlayEvent[] batch =
        [
            new("  ", 1f, 0, "p", 1),
            new(null!, 1f, 0, "p", 2),
            new(longId, 1f, 0, "p", 3),
            new("a", 1f, 0, longId, 4),
            new(new string('y', UserPlays.MaxIdLength), 1f, 0, "p", 5),
        ];

        var check = UserPlays.Check(state, batch);

        Assert.Equal([5L], check.Fresh.Select(e => e.Sequence));
        Assert.Equal([1L, 2L, 3L, 4L], check.Rejected.Select(e => e.Sequence));
        Assert.Contains($"{UserPlays.MaxIdLength + 1} characters", check.Problems[2]);
    }

    [Fact]
    public void Check_rejects_the_batch_events_that_would_sum_past_the_limit_for_one_artist()
    {
        var state = new UserState();
        PlayEvent[] batch = [new("a", 6e14f, 0, "p", 1), new("a", 6e14f, 0, "p", 2), new("b", 6e14f, 0, "p", 3), new("a", 1f, 0, "p", 4)];

        var check = UserPlays.Check(state, batch);

        Assert.Equal([1L, 3L, 4L], check.Fresh.Select(e => e.Sequence));
        Assert.Equal([2L], check.Rejected.Select(e => e.Sequence));
        Assert.Contains("would sum to", check.Problems.Single());
    }

    [Fact]
    public void LimitSums_rejects_events_that_would_take_the_stored_sum_past_the_limit()
    {
        var state = new UserState();
        var indexOf = new Dictionary<string, int> { ["a"] = 3, ["b"] = 4 };
        UserPlays.Apply(state, [new PlayEvent("a", 9e14f, 0, "p", 1)], indexOf, Now);
        PlayEvent[] batch = [new("a", 2e14f, 0, "p", 2), new("a", 5e13f, 0, "p", 3), new("b", 2e14f, 0, "p", 4)];

        var check = UserPlays.LimitSums(state, UserPlays.Check(state, batch), indexOf);
        UserPlays.Apply(state, check.Fresh, indexOf, Now);

        Assert.Equal([3L, 4L], check.Fresh.Select(e => e.Sequence));
        Assert.Equal([2L], check.Rejected.Select(e => e.Sequence));
        Assert.Contains("stored count", check.Problems.Single());
        Assert.True(state.Plays.Counts[0] <= 1e15, $"stored {state.Plays.Counts[0]}");
        Assert.Equal(EventStatus.Fresh, AppliedEvents.Classify(state, "p", 2)); // rejected events are not remembered
    }

    [Fact]
    public void LimitSums_returns_the_same_check_when_every_sum_stays_finite_and_in_range()
    {
        var state = new UserState();
        var indexOf = new Dictionary<string, int> { ["a"] = 3 };
        var check = UserPlays.Check(state, [new PlayEvent("a", 5e14f, 0, "p", 1), new PlayEvent("a", 5e14f, 0, "p", 2)]);

        Assert.Same(check, UserPlays.LimitSums(state, check, indexOf));
    }

    [Fact]
    public void A_missing_batch_a_missing_play_list_and_null_events_are_rejections_not_exceptions()
    {
        var state = new UserState();

        var noBatch = UserPlays.Check(state, (PlayBatch?)null);
        var noList = UserPlays.Check(state, new PlayBatch("u", default));
        var nullList = UserPlays.Check(state, (IEnumerable<PlayEvent?>?)null);
        var nullEvent = UserPlays.Check(state, new PlayBatch("u", [new PlayEvent("a", 1f, 0, "p", 1), null!, new PlayEvent("b", 1f, 0, "p", 2)]));

        Assert.All([noBatch, noList, nullList], c => Assert.Equal((0, 1, 1), (c.Fresh.Count, c.RejectedCount, c.Problems.Count)));
        Assert.Equal([1L, 2L], nullEvent.Fresh.Select(e => e.Sequence));
        Assert.Equal(1, nullEvent.Missing);
        Assert.Equal(1, nullEvent.RejectedCount);
        Assert.Equal("event 1 of the batch is null", nullEvent.Problems.Single());
    }

    [Fact]
    public void Events_below_the_floor_are_too_old_not_duplicates_and_not_fresh()
    {
        var state = new UserState();
        var indexOf = new Dictionary<string, int> { ["a"] = 1 };
        PlayEvent[] first = [new("a", 1f, 0, "p", 10), new("a", 1f, 0, "p", 20), new("a", 1f, 0, "p", 30)];
        UserPlays.Apply(state, UserPlays.Check(state, first).Fresh, indexOf, Now, window: 2);

        var again = UserPlays.Check(state, [.. first, new PlayEvent("a", 1f, 0, "p", 5), new PlayEvent("a", 1f, 0, "p", 25)], window: 2);

        Assert.Equal([10L, 5L], again.TooOld.Select(e => e.Sequence));
        Assert.Equal(2, again.Duplicates);
        Assert.Equal([25L], again.Fresh.Select(e => e.Sequence));
        Assert.Empty(again.Rejected);
    }

    [Fact]
    public void Apply_forgets_producers_idle_past_the_max_age_and_keeps_the_active_one()
    {
        var state = new UserState();
        var indexOf = new Dictionary<string, int> { ["a"] = 1 };
        UserPlays.Apply(state, [new PlayEvent("a", 1f, 0, "old", 1)], indexOf, Now);
        UserPlays.Apply(state, [new PlayEvent("a", 1f, 0, "new", 1)], indexOf, Now + TimeSpan.FromDays(2), maxIdle: TimeSpan.FromDays(1));

        Assert.Equal(["new"], state.AppliedRanges.Keys);
        Assert.Equal(["new"], state.ProducerSeen.Keys);
        Assert.Equal(Now + TimeSpan.FromDays(2), state.ProducerSeen["new"]);
    }

    [Fact]
    public void Check_of_random_batches_equals_the_plain_rules_whatever_the_producers_and_order()
    {
        var rng = new Random(5);
        for (var round = 0; round < 500; round++)
        {
            var state = new UserState();
            var stored = new PlayEvent("a", 1f, 0, "p", 1000);
            UserPlays.Apply(state, [stored], new Dictionary<string, int> { ["a"] = 0 }, Now);
            var producers = rng.Next(3) == 0 ? new[] { "p", "q" } : ["p"];
            var batch = Enumerable.Range(0, rng.Next(0, 25)).Select(i => new PlayEvent(
                $"a{rng.Next(4)}",
                rng.Next(8) == 0 ? 4e14f : rng.Next(1, 5),
                0,
                producers[rng.Next(producers.Length)],
                rng.Next(3) == 0 ? 1000 + rng.Next(-2, 3) : 1 + (rng.Next(2) == 0 ? i : rng.Next(0, 30)))).ToArray();

            var check = UserPlays.Check(state, batch);

            // The rules written plainly: in order, a valid event is new when its id is neither applied before nor
            // taken earlier in the batch, and while its artist's batch sum stays within the limit.
            var taken = new HashSet<(string, long)> { ("p", 1000) };
            var sums = new Dictionary<string, double>();
            var fresh = new List<long>();
            var duplicates = 0;
            var rejected = 0;
            foreach (var e in batch)
            {
                if (!taken.Add((e.Producer, e.Sequence)))
                {
                    duplicates++;
                }
                else if (sums.GetValueOrDefault(e.Artist) + e.Count > UserPlays.MaxCount)
                {
                    taken.Remove((e.Producer, e.Sequence));
                    rejected++;
                }
                else
                {
                    sums[e.Artist] = sums.GetValueOrDefault(e.Artist) + e.Count;
                    fresh.Add(e.Sequence);
                }
            }

            Assert.Equal(fresh, check.Fresh.Select(e => e.Sequence));
            Assert.Equal(duplicates, check.Duplicates);
            Assert.Equal(rejected, check.Rejected.Count);
        }
    }
}
