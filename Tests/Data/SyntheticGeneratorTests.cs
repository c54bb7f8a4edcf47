using MusicRecs.Grains.Data;

namespace MusicRecs.Tests.Data;

public sealed class SyntheticGeneratorTests
{
    private static readonly SyntheticOptions Small = new() { Users = 300, Artists = 800, Genres = 6, Seed = 7 };

    [Fact]
    public void SameSeedGivesSameDataAndBytes()
    {
        var first = new SyntheticGenerator(Small).Generate();
        var second = new SyntheticGenerator(Small).Generate();
        Assert.Equal(first.Users.Ids, second.Users.Ids);
        Assert.Equal(first.Artists.Ids, second.Artists.Ids);
        Assert.Equal(first.Plays.RowStarts, second.Plays.RowStarts);
        Assert.Equal(first.Plays.ColumnIndexes, second.Plays.ColumnIndexes);
        Assert.Equal(first.Plays.Values, second.Plays.Values);

        using var a = TempFile.Named("a.tsv");
        using var b = TempFile.Named("b.tsv");
        new SyntheticGenerator(Small).WriteDelimited(a.Path);
        new SyntheticGenerator(Small).WriteDelimited(b.Path);
        Assert.Equal(File.ReadAllBytes(a.Path), File.ReadAllBytes(b.Path));
    }

    [Fact]
    public void DifferentSeedGivesDifferentData()
    {
        var first = new SyntheticGenerator(Small).Generate();
        var other = new SyntheticGenerator(Small with { Seed = 8 }).Generate();
        Assert.False(
            first.Artists.Ids.SequenceEqual(other.Artists.Ids)
            && first.Plays.ColumnIndexes.SequenceEqual(other.Plays.ColumnIndexes)
            && first.Plays.Values.SequenceEqual(other.Plays.Values));
        Assert.NotEqual(first.Artists[0], other.Artists[0]);
    }

    [Fact]
    public void WrittenFileLoadsBackToTheSameDataset()
    {
        var generator = new SyntheticGenerator(Small);
        var expected = generator.Generate();
        using var file = TempFile.Named("synthetic.tsv");
        var written = generator.WriteDelimited(file.Path);

        Assert.StartsWith("user\tartist\tcount\n", File.ReadAllText(file.Path));
        var loaded = DatasetLoader.Load(file.Path, DatasetLoadOptions.Default);
        Assert.Equal(written, loaded.Rows);
        Assert.Equal(expected.Plays.NonZeros, written);
        Assert.Equal(expected.Users.Ids, loaded.Dataset.Users.Ids);
        Assert.Equal(expected.Artists.Ids, loaded.Dataset.Artists.Ids);
        Assert.Equal(expected.Plays.RowStarts, loaded.Dataset.Plays.RowStarts);
        Assert.Equal(expected.Plays.ColumnIndexes, loaded.Dataset.Plays.ColumnIndexes);
        Assert.Equal(expected.Plays.Values, loaded.Dataset.Plays.Values);
    }

    [Fact]
    public void DefaultIsAQuickDemoSize()
    {
        var data = new SyntheticGenerator(SyntheticOptions.Default).Generate();
        Assert.Equal(2_000, data.Users.Count);
        Assert.InRange(data.Artists.Count, 2_000, 3_000);
        Assert.InRange(data.Plays.NonZeros, 50_000, 80_000);
    }

    [Fact]
    public void StatisticsLookLikeListening()
    {
        var options = SyntheticOptions.Default;
        var data = new SyntheticGenerator(options).Generate();
        var plays = data.Plays;

        var perUser = Enumerable.Range(0, plays.Rows).Select(plays.RowLength).Order().ToArray();
        var median = perUser[perUser.Length / 2];
        Assert.InRange(median, options.MedianArtistsPerUser * 0.85, options.MedianArtistsPerUser * 1.15);
        Assert.True(perUser[0] >= 1);

        Assert.All(plays.Values, v => Assert.True(v >= 1 && v == MathF.Round(v)));
        var counts = plays.Values.Order().ToArray();
        Assert.InRange(counts[counts.Length / 2], options.PlayCountMedian * 0.8, options.PlayCountMedian * 1.2);

        // Popularity is skewed: the top 1% of artists hold many times their even share of plays.
        var perArtist = new double[plays.Columns];
        for (var p = 0; p < plays.NonZeros; p++)
        {
            perArtist[plays.ColumnIndexes[p]] += plays.Values[p];
        }

        var top = Math.Max(1, options.Artists / 100);
        var topShare = perArtist.OrderDescending().Take(top).Sum() / perArtist.Sum();
        Assert.True(topShare > 0.10, $"top 1% of artists hold {topShare:P1} of plays");
    }

    [Fact]
    public void UsersStayInTheirFavouriteGenres()
    {
        // Genres large enough that nobody exhausts theirs.
        var strict = new SyntheticGenerator(Small with { GenreAffinity = 1.0, Genres = 5, ActivitySigma = 0 });
        var data = strict.Generate();
        var genres = strict.ArtistGenres();
        for (var u = 0; u < data.Users.Count; u++)
        {
            var spanned = data.Plays.RowIndexes(u).ToArray().Select(a => genres[data.Artists[a]]).Distinct().Count();
            Assert.InRange(spanned, 1, 3);
        }

        // With the default affinity most of a user's artists still come from three genres.
        var mixed = new SyntheticGenerator(Small with { Genres = 20 });
        data = mixed.Generate();
        genres = mixed.ArtistGenres();
        double inTopThree = 0;
        for (var u = 0; u < data.Users.Count; u++)
        {
            inTopThree += data.Plays.RowIndexes(u).ToArray()
                .GroupBy(a => genres[data.Artists[a]])
                .Select(g => g.Count())
                .OrderDescending()
                .Take(3)
                .Sum();
        }

        Assert.True(inTopThree / data.Plays.NonZeros > 0.75, $"{inTopThree / data.Plays.NonZeros:P1} in the top three genres");
    }

    [Fact]
    public void ArtistNamesAreUniqueAndPronounceable()
    {
        var data = new SyntheticGenerator(Small with { Artists = 5_000, Users = 1_000, MedianArtistsPerUser = 100 }).Generate();
        var names = data.Artists.Ids;
        Assert.Equal(names.Count, names.Distinct().Count());
        Assert.All(names, n =>
        {
            Assert.Matches("^[A-Z][A-Za-z &]*[A-Za-z0-9]$", n);
            Assert.DoesNotContain('\t', n);
        });
    }

    [Fact]
    public void UserWantingEveryArtistGetsEachOnce()
    {
        var data = new SyntheticGenerator(new SyntheticOptions { Users = 5, Artists = 40, Genres = 4, MedianArtistsPerUser = 1_000, ActivitySigma = 0 }).Generate();
        for (var u = 0; u < data.Users.Count; u++)
        {
            Assert.Equal(40, data.Plays.RowLength(u));
        }
    }

    [Fact]
    public void RejectsNonsenseOptions()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SyntheticGenerator(new SyntheticOptions { Users = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SyntheticGenerator(new SyntheticOptions { GenreAffinity = 1.5 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SyntheticGenerator(new SyntheticOptions { Artists = 5, Genres = 6 }));
    }
}
