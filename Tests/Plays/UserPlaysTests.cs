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
}
