using MusicRecs.Grains.Evaluation;
using MusicRecs.Grains.Factorization;
using MusicRecs.Grains.Ranking;

namespace MusicRecs.Tests.Evaluation;

public sealed class PopularityScorerTests
{
    [Fact]
    public void ScoresDistinctListenersAndRanksTiesByIndex()
    {
        // Listeners: artist 0 -> users 0, 1 (2); artist 1 -> users 0, 1, 2 (3); artist 2 -> user 2 (1);
        // artist 3 -> users 1, 2 (2); artist 4 -> only a zero play count (0).
        // Plays counts do not matter, only listeners: order 1 (3), 0 (2), 3 (2), 2 (1), 4 (0).
        int[] rows = [0, 0, 1, 1, 1, 2, 2, 2, 2];
        int[] cols = [0, 1, 0, 1, 3, 1, 2, 3, 4];
        float[] plays = [100, 1, 5, 1, 7, 1, 900, 2, 0];
        var train = CsrMatrix.FromTriples(3, 5, rows, cols, plays);
        var scorer = new PopularityScorer(train);
        var scores = new float[scorer.Items];
        scorer.Score(0, scores);

        Assert.Equal([2f, 3f, 1f, 2f, 0f], scores);
        Assert.Equal([1, 0, 3, 2, 4], TopK.Select(scores, 5));
        Assert.Equal([3, 2, 4], TopK.Select(scores, 5, [0, 1]));
    }
}
