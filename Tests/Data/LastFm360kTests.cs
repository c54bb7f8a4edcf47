using MusicRecs.Grains.Data;

namespace MusicRecs.Tests.Data;

public sealed class LastFm360kTests
{
    private const string Mbid = "a74b1b7f-71a5-4011-9441-d0b5e4122711";
    private const string User1 = "00000c289a1829a808ac09c00daf10bc3c4e223b";
    private const string User2 = "00001411dc427966b17297bf4d69e7e193135d89";

    private static readonly string Rows =
        $"{User1}\t{Mbid}\tradiohead\t2137\n" +
        $"{User1}\t\tdie Ärzte\t1099\n" +
        $"{User2}\t{Mbid}\tRadiohead\t12\n" +
        $"{User2}\t\t\"Weird Al\" Yankovic\t3\n";

    [Fact]
    public void AutoDetectsAndUsesMbidOrName()
    {
        using var file = TempFile.Named("usersha1-artmbid-artname-plays.tsv");
        File.WriteAllText(file.Path, Rows);
        Assert.Equal(DatasetFormat.LastFm360k, FormatDetector.Detect(file.Path));

        var data = DatasetLoader.Load(file.Path, DatasetLoadOptions.Default).Dataset;
        Assert.Equal(2, data.Users.Count);
        Assert.Equal([Mbid, "die Ärzte", "\"Weird Al\" Yankovic"], data.Artists.Ids);
        Assert.Equal("radiohead", data.ArtistName(0));
        Assert.Equal("die Ärzte", data.ArtistName(1));
        Assert.Equal(2137f, data.Plays.Get(0, 0));
        Assert.Equal(12f, data.Plays.Get(1, 0));
    }

    [Fact]
    public void RowsWithoutArtistOrWithBadPlaysAreBad()
    {
        using var file = TempFile.Named("plays.tsv");
        File.WriteAllText(file.Path, Rows + $"{User1}\t\t\t5\n{User2}\t{Mbid}\tRadiohead\t0\n{User2}\t{Mbid}\tRadiohead\n");
        var error = Assert.Throws<DataFormatException>(() => DatasetLoader.Load(file.Path, new DatasetLoadOptions { Format = DatasetFormat.LastFm360k }));
        Assert.Equal([5L, 6L, 7L], error.BadRows.Select(b => b.Line));
    }

    [Fact]
    public void PlainTsvWithFourColumnsIsNot360k()
    {
        using var file = TempFile.WithText("u1\ta1\t3\t1700000000\n", ".tsv");
        Assert.Equal(DatasetFormat.Delimited, FormatDetector.Detect(file.Path));
    }
}
