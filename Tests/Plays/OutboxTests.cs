using MusicRecs.Grains.Ingest;
using MusicRecs.Grains.Plays;

namespace MusicRecs.Tests.Plays;

public sealed class OutboxTests
{
    [Fact]
    public void A_batch_becomes_one_numbered_entry_per_artist_with_summed_counts()
    {
        var state = new UserState();
        var first = Outbox.Add(state, [(3, 1f), (1, 2f), (3, 4f)]);
        var second = Outbox.Add(state, [(1, 1f)]);

        Assert.Equal([new OutboxEntry(1, 3, 5f), new OutboxEntry(1, 1, 2f)], first);
        Assert.Equal([new OutboxEntry(2, 1, 1f)], second);
        Assert.Equal([new OutboxEntry(1, 3, 5f), new OutboxEntry(1, 1, 2f), new OutboxEntry(2, 1, 1f)], state.Outbox.Entries());
        Assert.Equal(2, state.OutboxSequence);
        Assert.Equal(3, state.Outbox.Length);
    }

    [Fact]
    public void Trim_forgets_exactly_the_acknowledged_entries()
    {
        var state = new UserState();
        Outbox.Add(state, [(1, 1f), (2, 1f)]);
        Outbox.Add(state, [(1, 1f)]);

        Assert.Equal(0, Outbox.Trim(state, 0));
        Assert.Equal(2, Outbox.Trim(state, 1));
        Assert.Equal([2L], state.Outbox.Sequences);
        Assert.Equal(1, Outbox.Trim(state, 5));
        Assert.Equal(0, state.Outbox.Length);
        Assert.Empty(Outbox.Add(state, []));
        Assert.Equal(2, state.OutboxSequence);
    }

    [Fact]
    public void A_user_with_100000_artists_sends_its_factor_to_at_most_the_fan_out_most_played()
    {
        const int n = 100_000;
        var plays = new SortedCounts { Indexes = [.. Enumerable.Range(0, n)], Counts = [.. Enumerable.Range(0, n).Select(i => (float)(i % 1000))], Latest = new long[n] };

        var chosen = PlayIntake.MostPlayed(plays, artists: n, excluded: new HashSet<int> { 999 }, limit: 256).ToArray();

        Assert.Equal(256, chosen.Length);
        Assert.Equal(256, chosen.Distinct().Count());
        Assert.DoesNotContain(999, chosen);
        // Artist 999 excluded: the top counts are 999 (the other 99 artists), 998 (100) and 997 (the 57 with the lowest indexes).
        Assert.All(chosen, a => Assert.True(a % 1000 >= 997));
        Assert.Equal(99, chosen.Count(a => a % 1000 == 999));
        Assert.Equal(Enumerable.Range(0, 57).Select(i => 997 + (1000 * i)), chosen.Where(a => a % 1000 == 997).Order());
    }
}
