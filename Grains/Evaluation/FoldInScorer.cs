using MusicRecs.Grains.Factorization;

namespace MusicRecs.Grains.Evaluation;

/// <summary>
/// Scores a user by an exact fold-in of their current plays against fixed artist factors: what a user
/// grain answers after streamed plays, before any retrain.
/// </summary>
public sealed class FoldInScorer : IScorer
{
    private readonly AlsModel _model;
    private readonly CsrMatrix _plays;

    public FoldInScorer(AlsModel model, CsrMatrix plays)
    {
        _model = model;
        _plays = plays;
        _ = model.ArtistGramian;
    }

    public int Items => _model.Artists.Rows;

    public void Score(int user, Span<float> scores)
    {
        var x = _plays.RowLength(user) == 0 ? new float[_model.Artists.Stride] : _model.FoldIn(_plays.RowIndexes(user), _plays.RowValues(user));
        _model.ScoreAll(x, scores);
    }
}
