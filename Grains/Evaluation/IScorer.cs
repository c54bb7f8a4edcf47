namespace MusicRecs.Grains.Evaluation;

/// <summary>
/// Scores every artist for one user; a higher score means a stronger recommendation.
/// Implementations must be thread-safe: <see cref="Evaluator"/> calls <see cref="Score"/>
/// from several threads at once, each with its own buffer.
/// </summary>
public interface IScorer
{
    /// <summary>Number of artists scored, the length <see cref="Score"/> fills.</summary>
    int Items { get; }

    /// <summary>Writes one score per artist into <paramref name="scores"/> (length <see cref="Items"/>).</summary>
    void Score(int user, Span<float> scores);
}
