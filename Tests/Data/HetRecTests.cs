using MusicRecs.Grains.Data;

namespace MusicRecs.Tests.Data;

public sealed class HetRecTests
{
    private static readonly string Folder = SharedData.LastFm2k;
    private static readonly string UserArtists = Path.Combine(Folder, "user_artists.dat");
    private static readonly string Train = Path.Combine(Folder, "split-2026", "train.tsv");
    private static readonly string Test = Path.Combine(Folder, "split-2026", "test.tsv");

    [Fact]
    public void LoadsTheRealFile()
    {
        Assert.Equal(DatasetFormat.HetRec, FormatDetector.Detect(UserArtists));
        var result = DatasetLoader.Load(UserArtists, DatasetLoadOptions.Default);
        var data = result.Dataset;
        Assert.Equal(92_834, result.Rows);
        Assert.Equal(0, result.BadRows);
        Assert.Equal(1_892, data.Users.Count);
        Assert.Equal(17_632, data.Artists.Count);
        Assert.Equal(92_834, data.Plays.NonZeros);
        Assert.Equal(69_183_975d, data.Plays.Values.Sum(v => (double)v));

        // First rows: user 2 played artist 51 (Duran Duran) 13,883 times.
        Assert.Equal("2", data.Users[0]);
        Assert.True(data.Artists.TryGet("51", out var duranDuran));
        Assert.Equal(13_883f, data.Plays.Get(0, duranDuran));
        Assert.Equal("Duran Duran", data.ArtistName(duranDuran));
        Assert.Equal(17_632, data.ArtistNames.Count);
    }

    [Fact]
    public void SplitFilesAreDetectedByHeader()
    {
        Assert.Equal(DatasetFormat.HetRec, FormatDetector.Detect(Train));
        Assert.Equal(DatasetFormat.HetRec, FormatDetector.Detect(Test));
    }

    [Fact]
    public void LoadPairSharesIndexesAndShape()
    {
        var (train, test, trainRows, testRows, badRows, _) = DatasetLoader.LoadPair(Train, Test, DatasetLoadOptions.Default);
        Assert.Equal(74_294, trainRows);
        Assert.Equal(18_540, testRows);
        Assert.Equal(0, badRows);
        Assert.Equal(train.Plays.Rows, test.Rows);
        Assert.Equal(train.Plays.Columns, test.Columns);
        Assert.Equal(1_892, train.Users.Count);
        Assert.Equal(17_632, train.Artists.Count);
        Assert.Equal(74_294, train.Plays.NonZeros);
        Assert.Equal(18_540, test.NonZeros);

        var testUsers = Enumerable.Range(0, test.Rows).Count(u => test.RowLength(u) > 0);
        Assert.Equal(1_877, testUsers);

        var trainArtists = new HashSet<int>(train.Plays.ColumnIndexes);
        var testOnly = new HashSet<int>(test.ColumnIndexes.Where(a => !trainArtists.Contains(a)));
        Assert.Equal(2_301, testOnly.Count);

        // The split partitions the file, so no pair is in both.
        for (var u = 0; u < test.Rows; u++)
        {
            foreach (var a in test.RowIndexes(u))
            {
                Assert.Equal(0f, train.Plays.Get(u, a));
            }
        }

        Assert.Equal("Duran Duran", train.ArtistName(train.Artists.TryGet("51", out var a51) ? a51 : -1));
    }

    [Fact]
    public void ExplicitArtistsFileIsUsed()
    {
        using var names = TempFile.Named("names.dat");
        File.WriteAllText(names.Path, "id\tname\n51\tDD\n");
        var data = DatasetLoader.Load(Train, new DatasetLoadOptions { ArtistsFile = names.Path }).Dataset;
        Assert.True(data.Artists.TryGet("51", out var a51));
        Assert.Equal("DD", data.ArtistName(a51));
        Assert.True(data.Artists.TryGet("52", out var a52));
        Assert.Equal("52", data.ArtistName(a52));
    }

    [Fact]
    public void SmallHetRecFileWithCrlfAndSiblingNames()
    {
        using var rows = TempFile.Named("user_artists.dat");
        File.WriteAllText(rows.Path, "userID\tartistID\tweight\r\n2\t51\t10\r\n2\t52\t5\r\n3\t51\t1\r\n");
        File.WriteAllText(Path.Combine(Path.GetDirectoryName(rows.Path)!, "artists.dat"), "id\tname\turl\tpictureURL\r\n51\tDuran Duran\thttp://x\thttp://y\r\n52\tMorcheeba\thttp://x\thttp://y\r\n");
        var data = DatasetLoader.Load(rows.Path, DatasetLoadOptions.Default).Dataset;
        Assert.Equal(2, data.Users.Count);
        Assert.Equal("Morcheeba", data.ArtistName(1));
        Assert.Equal(1f, data.Plays.Get(1, 0));
    }
}
