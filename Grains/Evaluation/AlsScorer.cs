using MusicRecs.Grains.Factorization;

namespace MusicRecs.Grains.Evaluation;

/// <summary>Scores a trained user's artists by s(u,i) = x_u . y_i.</summary>
public sealed class AlsScorer(AlsModel model) : IScorer
{
    public int Items => model.Artists.Rows;

    public void Score(int user, Span<float> scores) => model.ScoreAll(model.Users.Row(user), scores);
}
