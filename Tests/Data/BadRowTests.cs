using MusicRecs.Grains.Data;

namespace MusicRecs.Tests.Data;

public sealed class BadRowTests
{
    [Fact]
    public void AllBadRowsAreReportedWithFileAndLine()
    {
        using var file = TempFile.WithText("user,artist,count\nu1,a1,3\nu1,a2,abc\nu2,a1\n\n,a3,2\nu3,,2\nu3,a1,-3\n");
        var error = Assert.Throws<DataFormatException>(() => DatasetLoader.Load(file.Path, DatasetLoadOptions.Default));
        Assert.Equal(file.Path, error.File);
        Assert.Equal([3L, 4L, 6L, 7L, 8L], error.BadRows.Select(b => b.Line));
        Assert.Equal(5, error.BadRowCount);
        foreach (var line in new[] { 3, 4, 6, 7, 8 })
        {
            Assert.Contains($"{file.Path}:{line}:", error.Message);
        }

        Assert.Contains("not a number", error.Message);
        Assert.Contains("2 columns", error.Message);
        Assert.Contains("user is empty", error.Message);
        Assert.Contains("artist is empty", error.Message);
        Assert.Contains("not positive", error.Message);
    }

    [Fact]
    public void MessageListsTwentyRowsThenHowManyMore()
    {
        var text = string.Join('\n', Enumerable.Range(1, 25).Select(i => $"u{i},a1,zero")) + "\n";
        using var file = TempFile.WithText("user,artist,count\n" + text);
        var error = Assert.Throws<DataFormatException>(() => DatasetLoader.Load(file.Path, DatasetLoadOptions.Default));
        Assert.Equal(25, error.BadRows.Count);
        Assert.Contains($"{file.Path}:21:", error.Message);
        Assert.DoesNotContain($"{file.Path}:22:", error.Message);
        Assert.Contains("... and 5 more", error.Message);
    }

    [Fact]
    public void SkipBadLinesCountsThemAndLoadsTheRest()
    {
        using var file = TempFile.WithText("u1,a1,3\nu1,a2,NaN\nu2,a1,1\nu2,a2,0\nu3\n");
        var result = DatasetLoader.Load(file.Path, new DatasetLoadOptions { SkipBadLines = true });
        Assert.Equal(2, result.Rows);
        Assert.Equal(3, result.BadRows);
        Assert.Equal([2L, 4L, 5L], result.FirstBadRows.Select(b => b.Line));
        Assert.All(result.FirstBadRows, b => Assert.Equal(file.Path, b.File));
        Assert.Equal(2, result.Dataset.Users.Count);
    }

    [Fact]
    public void SkipBadLinesKeepsOnlyTheFirstFew()
    {
        var text = string.Join('\n', Enumerable.Range(1, 50).Select(i => $"u{i},a1,-1"));
        using var file = TempFile.WithText("u0,a0,1\n" + text);
        var result = DatasetLoader.Load(file.Path, new DatasetLoadOptions { SkipBadLines = true });
        Assert.Equal(50, result.BadRows);
        Assert.InRange(result.FirstBadRows.Count, 1, 20);
        Assert.Equal(2, result.FirstBadRows[0].Line);
    }

    [Theory]
    [InlineData("1e12")]
    [InlineData("1000000000000000")]
    [InlineData("0.25")]
    [InlineData("7")]
    public void AcceptsPositiveCountsUpToTheLimit(string count)
    {
        using var file = TempFile.WithText($"u1,a1,{count}\n");
        var result = DatasetLoader.Load(file.Path, DatasetLoadOptions.Default);
        Assert.Equal((float)double.Parse(count, System.Globalization.CultureInfo.InvariantCulture), result.Dataset.Plays.Get(0, 0));
    }

    [Theory]
    [InlineData("1e16")]
    [InlineData("inf")]
    [InlineData("Infinity")]
    [InlineData("-Infinity")]
    [InlineData("NaN")]
    [InlineData("0")]
    [InlineData("-3")]
    [InlineData("1,5")]
    [InlineData("")]
    public void RejectsCountsThatAreNotPositiveFiniteAndSane(string count)
    {
        using var file = TempFile.WithText($"u1,a1,2\nu1,a2,\"{count}\"\n");
        var error = Assert.Throws<DataFormatException>(() => DatasetLoader.Load(file.Path, DatasetLoadOptions.Default));
        Assert.Equal(2, Assert.Single(error.BadRows).Line);
    }

    [Fact]
    public void TooManyColumnsIsABadRow()
    {
        using var file = TempFile.WithText("u1,a1,2,1700000000,extra\n");
        var error = Assert.Throws<DataFormatException>(() => DatasetLoader.Load(file.Path, DatasetLoadOptions.Default));
        Assert.Contains("5 columns", error.Message);
    }
}
