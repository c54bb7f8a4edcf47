namespace MusicRecs.Grains.Ranking;

/// <summary>
/// The order every metric ranks scores by: higher first, NaN treated as negative infinity
/// so that a broken score sinks to the bottom instead of making comparisons inconsistent.
/// </summary>
internal static class ScoreOrder
{
    public static float Key(float score) => float.IsNaN(score) ? float.NegativeInfinity : score;
}
