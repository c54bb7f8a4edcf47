using MusicRecs.Grains.Factorization;

namespace MusicRecs.Grains.Evaluation;

/// <summary>
/// One evaluation thread's state: the score buffer and the buffers of the user's test artists
/// (test minus training), reused for every user the thread handles.
/// </summary>
internal sealed class UserWorker(CsrMatrix train, CsrMatrix test, IScorer scorer, int k, UserMetrics[] results)
{
    private readonly float[] _scores = new float[scorer.Items];
    private int[] _testArtists = new int[16];
    private float[] _testPlays = new float[16];

    public void Evaluate(int user)
    {
        var testRow = test.RowIndexes(user);
        if (testRow.IsEmpty)
        {
            return;
        }

        var trainRow = train.RowIndexes(user);
        var count = Difference(testRow, test.RowValues(user), trainRow);
        if (count == 0)
        {
            return;
        }

        scorer.Score(user, _scores);
        results[user] = RankingMetrics.ForUser(_scores, trainRow, _testArtists.AsSpan(0, count), _testPlays.AsSpan(0, count), k);
    }

    /// <summary>Copies the test artists (and plays) that are not training artists; both rows are sorted.</summary>
    private int Difference(ReadOnlySpan<int> testRow, ReadOnlySpan<float> testValues, ReadOnlySpan<int> trainRow)
    {
        if (_testArtists.Length < testRow.Length)
        {
            _testArtists = new int[testRow.Length];
            _testPlays = new float[testRow.Length];
        }

        var count = 0;
        var t = 0;
        for (var i = 0; i < testRow.Length; i++)
        {
            while (t < trainRow.Length && trainRow[t] < testRow[i])
            {
                t++;
            }

            if (t < trainRow.Length && trainRow[t] == testRow[i])
            {
                continue;
            }

            _testArtists[count] = testRow[i];
            _testPlays[count] = testValues[i];
            count++;
        }

        return count;
    }
}
