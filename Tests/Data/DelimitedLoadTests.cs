using MusicRecs.Grains.Data;

namespace MusicRecs.Tests.Data;

public sealed class DelimitedLoadTests
{
    private static LoadResult Load(TempFile file, DatasetLoadOptions? options = null) =>
        DatasetLoader.Load(file.Path, options ?? DatasetLoadOptions.Default);

    private static float Plays(Dataset data, string user, string artist)
    {
        Assert.True(data.Users.TryGet(user, out var u), $"user {user} missing");
        Assert.True(data.Artists.TryGet(artist, out var a), $"artist {artist} missing");
        return data.Plays.Get(u, a);
    }

    [Fact]
    public void ReadsCsvWithHeader()
    {
        using var file = TempFile.WithText("user,artist,count\nu1,a1,3\nu1,a2,4\nu2,a1,5\n");
        var result = Load(file);
        Assert.Equal(3, result.Rows);
        Assert.Equal(2, result.Dataset.Users.Count);
        Assert.Equal(2, result.Dataset.Artists.Count);
        Assert.Equal(4f, Plays(result.Dataset, "u1", "a2"));
        Assert.Equal(0, result.BadRows);
    }

    [Fact]
    public void ReadsFileWithoutHeader()
    {
        using var file = TempFile.WithText("u1,a1,3\nu2,a2,1.5\n");
        var result = Load(file);
        Assert.Equal(2, result.Rows);
        Assert.Equal(3f, Plays(result.Dataset, "u1", "a1"));
        Assert.Equal(1.5f, Plays(result.Dataset, "u2", "a2"));
    }

    [Fact]
    public void DetectsTabDelimiter()
    {
        using var file = TempFile.WithText("user\tartist\tcount\nu1\tBand, The\t3\n", ".tsv");
        var result = Load(file);
        Assert.Equal(3f, Plays(result.Dataset, "u1", "Band, The"));
    }

    [Fact]
    public void HandlesCrlfBomAndBlankLines()
    {
        using var file = TempFile.WithText("user,artist,count\r\n\r\nu1,a1,3\r\n   \r\nu2,a1,2\r\n\r\n", bom: true);
        var result = Load(file);
        Assert.Equal(2, result.Rows);
        Assert.Equal(0, result.BadRows);
        Assert.Equal(["u1", "u2"], result.Dataset.Users.Ids);
        Assert.Equal(["a1"], result.Dataset.Artists.Ids);
    }

    [Fact]
    public void BomBeforeDataWithoutHeaderIsNotPartOfTheUser()
    {
        using var file = TempFile.WithText("u1,a1,3\n", bom: true);
        var result = Load(file);
        Assert.Equal("u1", result.Dataset.Users[0]);
    }

    [Fact]
    public void SumsDuplicatePairs()
    {
        using var file = TempFile.WithText("u1,a1,3\nu2,a1,1\nu1,a1,4\nu1,a1,0.5\n");
        var result = Load(file);
        Assert.Equal(4, result.Rows);
        Assert.Equal(2, result.Dataset.Plays.NonZeros);
        Assert.Equal(7.5f, Plays(result.Dataset, "u1", "a1"));
    }

    [Fact]
    public void QuotedFieldMayHoldTheDelimiterAndQuotes()
    {
        using var file = TempFile.WithText("user,artist,count\nu1,\"Crosby, Stills & Nash\",3\n\"u,2\",\"The \"\"Quoted\"\" Band\",2\n");
        var result = Load(file);
        Assert.Equal(3f, Plays(result.Dataset, "u1", "Crosby, Stills & Nash"));
        Assert.Equal(2f, Plays(result.Dataset, "u,2", "The \"Quoted\" Band"));
    }

    [Fact]
    public void UnclosedQuoteIsABadRow()
    {
        using var file = TempFile.WithText("u1,\"Open,3\n");
        var error = Assert.Throws<DataFormatException>(() => Load(file));
        Assert.Contains("quoted field", error.Message);
    }

    [Fact]
    public void AcceptsUnixAndIsoTimestamps()
    {
        using var file = TempFile.WithText("user,artist,count,timestamp\nu1,a1,1,1700000000\nu1,a2,1,2023-11-14T22:13:20Z\nu1,a3,1,\n");
        var rows = new DelimitedReader(file.Path).Read(new BadRowLog(file.Path)).ToList();
        Assert.Equal(3, rows.Count);
        Assert.Equal(1700000000L, rows[0].Timestamp);
        Assert.Equal(1700000000L, rows[1].Timestamp);
        Assert.Null(rows[2].Timestamp);
        Assert.Equal([2L, 3L, 4L], rows.Select(r => r.Line));
    }

    [Fact]
    public void BadTimestampIsABadRow()
    {
        using var file = TempFile.WithText("u1,a1,1,yesterday\n");
        var error = Assert.Throws<DataFormatException>(() => Load(file));
        Assert.Contains("timestamp", error.Message);
    }

    [Fact]
    public void ReportsProgress()
    {
        using var file = TempFile.WithText("u1,a1,1\nu1,a2,1\nu2,a1,1\n");
        var seen = new List<long>();
        DatasetLoader.Load(file.Path, DatasetLoadOptions.Default, new SynchronousProgress(seen));
        Assert.Equal(3, seen[^1]);
    }

    [Fact]
    public void MissingFileNamesThePath()
    {
        var path = Path.Combine(Path.GetTempPath(), $"musicrecs-missing-{Guid.NewGuid():N}.csv");
        var error = Assert.Throws<FileNotFoundException>(() => DatasetLoader.Load(path, DatasetLoadOptions.Default));
        Assert.Contains(path, error.Message);
        Assert.Equal(path, error.FileName);
    }

    [Fact]
    public void EmptyFileGivesEmptyDataset()
    {
        using var file = TempFile.WithText("\n\n");
        var result = Load(file);
        Assert.Equal(0, result.Rows);
        Assert.Equal(0, result.Dataset.Plays.Rows);
    }

    private sealed class SynchronousProgress(List<long> seen) : IProgress<long>
    {
        public void Report(long value) => seen.Add(value);
    }
}
