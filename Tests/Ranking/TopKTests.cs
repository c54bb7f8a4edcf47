using MusicRecs.Grains.Evaluation;
using MusicRecs.Grains.Ranking;
using MusicRecs.Tests.Evaluation;

namespace MusicRecs.Tests.Ranking;

public sealed class TopKTests
{
    [Fact]
    public void ExcludesTrainingArtistsAndOrdersBestFirst()
    {
        float[] scores = [0.5f, 9f, 0.7f, 0.7f, 8f, 0.1f];
        // Training artists 1 and 4 hold the two best scores; ties 2/3 are broken by lower index.
        Assert.Equal([2, 3, 0], TopK.Select(scores, 3, [1, 4]));
    }

    [Fact]
    public void ReturnsFewerWhenCandidatesRunOut()
    {
        float[] scores = [1f, 2f, 3f];
        Assert.Equal([2, 0], TopK.Select(scores, 10, [1]));
        Assert.Empty(TopK.Select(scores, 0));
    }

    [Fact]
    public void NaNRanksLast()
    {
        float[] scores = [float.NaN, 1f, float.NegativeInfinity, 2f];
        Assert.Equal([3, 1, 0, 2], TopK.Select(scores, 4));
    }

    [Fact]
    public void WritesIntoCallerBuffer()
    {
        float[] scores = [4f, 1f, 3f, 2f];
        Span<int> buffer = stackalloc int[2];
        var count = TopK.Select(scores, [0], buffer);

        Assert.Equal(2, count);
        Assert.Equal(2, buffer[0]);
        Assert.Equal(3, buffer[1]);
    }

    [Theory]
    [InlineData(17_632, 10, 1)]
    [InlineData(50_000, 10, 2)]
    [InlineData(1_000, 100, 3)]
    [InlineData(500, 500, 4)]
    public void MatchesFullSortOnRandomData(int items, int k, int seed)
    {
        var random = new Random(seed);
        // Few distinct values so that ties are common.
        var scores = Enumerable.Range(0, items).Select(_ => (float)random.Next(0, 50)).ToArray();
        var excluded = Enumerable.Range(0, items).Where(_ => random.NextDouble() < 0.05).ToArray();
        var expected = NaiveMetrics.Ranking(scores, excluded.ToHashSet()).Take(k).ToArray();

        Assert.Equal(expected, TopK.Select(scores, k, excluded));
    }
}
