using MusicRecs.Grains.Evaluation;
using MusicRecs.Grains.Factorization;

namespace MusicRecs.Tests.Evaluation;

public sealed class HashSplitTests
{
    private static readonly CsrMatrix Plays = RandomPlays.Create(users: 300, artists: 120, maxPerUser: 30, seed: 3);
    private static readonly string[] UserIds = Enumerable.Range(0, 300).Select(u => (1000 + (7 * u)).ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
    private static readonly string[] ArtistIds = Enumerable.Range(0, 120).Select(a => "a" + a.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();

    [Theory]
    [InlineData(SplitKind.Hash)]
    [InlineData(SplitKind.ArtistHash)]
    public void Partitions_the_input_with_the_same_per_user_shares_as_a_random_split(SplitKind kind)
    {
        var (train, test) = HashSplit.Split(Plays, UserIds, ArtistIds, kind, 0.25, seed: 5);
        var (_, random) = Holdout.Split(Plays, 0.25, 5, 5);

        Assert.Equal(Plays.NonZeros, train.NonZeros + test.NonZeros);
        Assert.Equal(random.RowStarts, test.RowStarts);
        for (var u = 0; u < Plays.Rows; u++)
        {
            var merged = train.RowIndexes(u).ToArray().Concat(test.RowIndexes(u).ToArray()).Order().ToArray();
            Assert.Equal(Plays.RowIndexes(u).ToArray(), merged);
        }
    }

    [Fact]
    public void Hash_split_is_a_function_of_the_ids_and_seed()
    {
        var (_, a) = HashSplit.Split(Plays, UserIds, ArtistIds, SplitKind.Hash, 0.25, seed: 5);
        var (_, b) = HashSplit.Split(Plays, UserIds, ArtistIds, SplitKind.Hash, 0.25, seed: 5);
        var (_, c) = HashSplit.Split(Plays, UserIds, ArtistIds, SplitKind.Hash, 0.25, seed: 6);

        Assert.Equal(a.ColumnIndexes, b.ColumnIndexes);
        Assert.NotEqual(a.ColumnIndexes, c.ColumnIndexes);
        var u = Enumerable.Range(0, Plays.Rows).First(r => a.RowLength(r) > 0);
        var expected = Plays.RowIndexes(u).ToArray()
            .OrderBy(x => HashSplit.Fnv1a($"5:{UserIds[u]}:{ArtistIds[x]}")).Take(a.RowLength(u)).Order().ToArray();
        Assert.Equal(expected, a.RowIndexes(u).ToArray());
    }

    [Fact]
    public void Artist_hash_holds_out_the_same_artists_for_everyone()
    {
        var (train, test) = HashSplit.Split(Plays, UserIds, ArtistIds, SplitKind.ArtistHash, 0.25, seed: 5);

        // Between two users who both have artists x and y, a held-out x and a kept y mean x ranks below y
        // for everyone: no other user may keep x while holding out y.
        var rank = Enumerable.Range(0, Plays.Columns).ToDictionary(x => x, x => HashSplit.Fnv1a($"5:{ArtistIds[x]}"));
        for (var u = 0; u < Plays.Rows; u++)
        {
            if (test.RowLength(u) == 0)
            {
                continue;
            }

            var maxHeld = test.RowIndexes(u).ToArray().Max(x => rank[x]);
            Assert.All(train.RowIndexes(u).ToArray(), x => Assert.True(rank[x] > maxHeld));
        }

        var (_, random) = Holdout.Split(Plays, 0.25, 5, 5);
        Assert.True(Distinct(test) < Distinct(random), $"artist-hash test spans {Distinct(test)} artists, a uniform draw {Distinct(random)}");
    }

    private static int Distinct(CsrMatrix m) => m.ColumnIndexes.Distinct().Count();
}
