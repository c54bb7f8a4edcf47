using MusicRecs.Grains.Evaluation;

namespace MusicRecs.Tests.Evaluation;

/// <summary>A scorer whose score of (user, artist) is given by a pure function (thread-safe if it is).</summary>
public sealed class DelegateScorer(int items, Func<int, int, float> score) : IScorer
{
    public int Items => items;

    public void Score(int user, Span<float> scores)
    {
        for (var i = 0; i < items; i++)
        {
            scores[i] = score(user, i);
        }
    }
}
