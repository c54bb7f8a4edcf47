using MusicRecs.GrainInterfaces;
using MusicRecs.Grains.Plays;

namespace MusicRecs.Tests.Plays;

public sealed class ListenerLedgerTests
{
    private static (SortedCounts Listeners, long[] Sequences) Empty() => (new SortedCounts(), []);

    [Fact]
    public void A_resent_entry_is_applied_once()
    {
        var (listeners, sequences) = Empty();
        var first = ListenerLedger.Apply(listeners, sequences, [new ListenerPlay(5, 2f, null, 1), new ListenerPlay(9, 1f, null, 4)]);
        var again = ListenerLedger.Apply(first.Listeners, first.Sequences, [new ListenerPlay(5, 2f, null, 1), new ListenerPlay(9, 1f, null, 4), new ListenerPlay(5, 3f, null, 2)]);

        Assert.Equal(2, first.Applied);
        Assert.Equal(1, again.Applied);
        Assert.Equal(2, again.Duplicates);
        Assert.Equal([5, 9], again.Listeners.Indexes);
        Assert.Equal([5f, 1f], again.Listeners.Counts);
        Assert.Equal([2L, 4L], again.Sequences);
    }

    [Fact]
    public void Entries_of_one_call_apply_in_sequence_order_whatever_their_arrival_order()
    {
        var (listeners, sequences) = Empty();
        var update = ListenerLedger.Apply(listeners, sequences, [new ListenerPlay(3, 1f, null, 7), new ListenerPlay(3, 2f, null, 5), new ListenerPlay(3, 4f, null, 6)]);

        Assert.Equal(3, update.Applied);
        Assert.Equal([7f], update.Listeners.Counts);
        Assert.Equal([7L], update.Sequences);
    }

    [Fact]
    public void Unnumbered_changes_always_apply_and_factor_only_changes_change_no_count()
    {
        var (listeners, sequences) = Empty();
        var update = ListenerLedger.Apply(listeners, sequences, [new ListenerPlay(1, 1f), new ListenerPlay(1, 1f), new ListenerPlay(2, 0f, [1f, 2f])]);

        Assert.Equal(2, update.Applied);
        Assert.Equal([1], update.Listeners.Indexes);
        Assert.Equal([2f], update.Listeners.Counts);
        Assert.Equal([0L], update.Sequences);
    }

    [Fact]
    public void A_list_stored_without_sequences_keeps_its_counts_and_learns_them()
    {
        var listeners = new SortedCounts { Indexes = [1, 4], Counts = [3f, 5f], Latest = [0, 0] };
        var update = ListenerLedger.Apply(listeners, [], [new ListenerPlay(4, 1f, null, 2), new ListenerPlay(2, 1f, null, 1)]);

        Assert.Equal([1, 2, 4], update.Listeners.Indexes);
        Assert.Equal([3f, 1f, 6f], update.Listeners.Counts);
        Assert.Equal([0L, 1L, 2L], update.Sequences);
    }

    [Fact]
    public void A_hot_artist_with_100000_listeners_applies_a_new_play_and_a_resend_exactly()
    {
        const int n = 100_000;
        var listeners = new SortedCounts { Indexes = [.. Enumerable.Range(0, n).Select(i => 2 * i)], Counts = [.. Enumerable.Repeat(1f, n)], Latest = new long[n] };
        var sequences = Enumerable.Range(0, n).Select(i => (long)i % 7 + 1).ToArray();

        var update = ListenerLedger.Apply(listeners, sequences, [new ListenerPlay(2 * 500, 2f, null, 9), new ListenerPlay(2 * 600, 2f, null, sequences[600]), new ListenerPlay(1, 1f, null, 1)]);

        Assert.Equal(2, update.Applied);
        Assert.Equal(1, update.Duplicates);
        Assert.Equal(n + 1, update.Listeners.Length);
        Assert.Equal(3f, update.Listeners.Counts[Array.BinarySearch(update.Listeners.Indexes, 1000)]);
        Assert.Equal(1f, update.Listeners.Counts[Array.BinarySearch(update.Listeners.Indexes, 1200)]);
        Assert.Equal(9L, ListenerLedger.SequenceOf(update.Listeners, update.Sequences, 1000));
        Assert.Equal(sequences[600], ListenerLedger.SequenceOf(update.Listeners, update.Sequences, 1200));
        Assert.Equal(1L, ListenerLedger.SequenceOf(update.Listeners, update.Sequences, 1));
        Assert.Equal(sequences[n - 1], ListenerLedger.SequenceOf(update.Listeners, update.Sequences, 2 * (n - 1)));
    }

    [Fact]
    public void Random_deliveries_with_resends_equal_a_per_listener_reference()
    {
        var rng = new Random(11);
        var (listeners, sequences) = Empty();
        var expected = new SortedDictionary<int, (double Count, long Last)>();
        var sent = new List<ListenerPlay>();
        for (var round = 0; round < 200; round++)
        {
            var delivery = new List<ListenerPlay>();
            for (var i = rng.Next(0, 20); i > 0; i--)
            {
                if (sent.Count > 0 && rng.Next(4) == 0)
                {
                    delivery.Add(sent[rng.Next(sent.Count)]);
                    continue;
                }

                var user = rng.Next(0, 50);
                var next = expected.TryGetValue(user, out var known) ? known.Last : 0;
                var play = rng.Next(5) == 0
                    ? new ListenerPlay(user, rng.Next(1, 4))
                    : new ListenerPlay(user, rng.Next(1, 4), null, next + 1 + delivery.Count(p => p.User == user && p.Sequence > next));
                delivery.Add(play);
                sent.Add(play);
            }

            var reference = new SortedDictionary<int, (double Count, long Last)>(expected);
            var applied = 0;
            foreach (var p in delivery.OrderBy(p => p.User).ThenBy(p => p.Sequence))
            {
                var (count, last) = reference.GetValueOrDefault(p.User);
                if (p.Sequence > 0 && p.Sequence <= last)
                {
                    continue;
                }

                reference[p.User] = (count + p.Count, Math.Max(last, p.Sequence));
                applied++;
            }

            var update = ListenerLedger.Apply(listeners, sequences, delivery);
            (listeners, sequences, expected) = (update.Listeners, update.Sequences, reference);
            Assert.Equal(applied, update.Applied);
            Assert.Equal(delivery.Count - applied, update.Duplicates);
            Assert.Equal(expected.Keys, listeners.Indexes);
            Assert.Equal(expected.Values.Select(v => (float)v.Count), listeners.Counts);
            Assert.Equal(expected.Values.Select(v => v.Last), sequences);
            Assert.Empty(listeners.Latest);
        }
    }
}
