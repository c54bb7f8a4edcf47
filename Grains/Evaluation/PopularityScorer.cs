using MusicRecs.Grains.Factorization;

namespace MusicRecs.Grains.Evaluation;

/// <summary>
/// Baseline that recommends the most listened-to artists to everyone:
/// score(artist) = number of distinct training users with a positive play count for it.
/// Equal counts stay equal; <see cref="TopK"/> breaks such ties by the lower artist index
/// and AUC/EPR give them the mid-rank.
/// </summary>
public sealed class PopularityScorer : IScorer
{
    private readonly float[] _listeners;

    public PopularityScorer(CsrMatrix train)
    {
        ArgumentNullException.ThrowIfNull(train);
        _listeners = new float[train.Columns];
        var columns = train.ColumnIndexes;
        var values = train.Values;
        for (var p = 0; p < columns.Length; p++)
        {
            // A CSR row holds each column once, so counting entries counts distinct listeners.
            if (values[p] > 0f)
            {
                _listeners[columns[p]]++;
            }
        }
    }

    public int Items => _listeners.Length;

    /// <summary>Distinct training listeners of each artist (exact in float up to 2^24).</summary>
    public ReadOnlySpan<float> Listeners => _listeners;

    public void Score(int user, Span<float> scores) => _listeners.CopyTo(scores);
}
