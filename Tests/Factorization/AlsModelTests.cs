using MusicRecs.Grains.Evaluation;
using MusicRecs.Grains.Factorization;
using MusicRecs.Grains.Ranking;

namespace MusicRecs.Tests.Factorization;

public sealed class AlsModelTests
{
    private static readonly CsrMatrix Plays = RandomProblems.Plays(120, 90, 0.06, 31);

    private static readonly AlsModel Converged = new AlsTrainer(new AlsOptions
    {
        Factors = 8,
        Iterations = 60,
        Solver = SolverKind.Cholesky,
        Regularization = 0.1f,
        Alpha = 5f,
        Scheme = ConfidenceScheme.Log,
        Epsilon = 1f,
    }).Fit(Plays);

    [Fact]
    public void Fold_in_of_a_converged_training_user_reproduces_its_factor()
    {
        for (var u = 0; u < Plays.Rows; u += 7)
        {
            var folded = Converged.FoldIn(Plays.RowIndexes(u), Plays.RowValues(u));
            var trained = Converged.Users.Row(u);
            var norm = MathF.Sqrt(Simd.Dot(trained, trained));
            for (var f = 0; f < Converged.Factors; f++)
            {
                Assert.True(MathF.Abs(folded[f] - trained[f]) <= 1e-2f * Math.Max(norm, 1e-3f), $"user {u} f{f}: fold-in {folded[f]}, trained {trained[f]}");
            }
        }
    }

    [Fact]
    public void Fold_in_equals_the_dense_closed_form()
    {
        var excess = Confidence.ExcessMatrix(Plays, ConfidenceScheme.Log, 5f, 1f);
        var dense = DenseReference.ToDense(Converged.Artists);
        var x = Converged.FoldIn(Plays.RowIndexes(3), Plays.RowValues(3));
        var expected = DenseReference.SolveRow(dense, excess, 3, 0.1);
        for (var f = 0; f < Converged.Factors; f++)
        {
            Assert.True(Math.Abs(x[f] - expected[f]) <= 1e-3 * Math.Max(1, expected.AbsoluteMaximum()), $"f{f}: {x[f]} vs {expected[f]}");
        }
    }

    [Fact]
    public void Explanation_contributions_sum_to_the_score()
    {
        for (var u = 0; u < Plays.Rows; u += 11)
        {
            var artists = Plays.RowIndexes(u);
            var plays = Plays.RowValues(u);
            var x = Converged.FoldIn(artists, plays);
            foreach (var i in new[] { 0, 17, 45, 89 })
            {
                var contributions = Converged.Explain(artists, plays, i);
                Assert.Equal(artists.Length, contributions.Length);
                var score = Simd.Dot(x, Converged.Artists.Row(i));
                var sum = contributions.Sum();
                Assert.True(MathF.Abs(sum - score) <= 1e-3f * Math.Max(1f, MathF.Abs(score)), $"user {u}, artist {i}: sum {sum}, score {score}");
            }
        }
    }

    [Fact]
    public void Similarities_are_cosines_and_an_artist_is_most_similar_to_itself()
    {
        var sims = new float[Converged.Artists.Rows];
        Converged.Similarities(5, sims);
        Assert.Equal(1f, sims[5], 4);
        var a = Converged.Artists.Row(5);
        var b = Converged.Artists.Row(40);
        var cosine = Simd.Dot(a, b) / MathF.Sqrt(Simd.Dot(a, a) * Simd.Dot(b, b));
        Assert.Equal(cosine, sims[40], 4);
        Assert.All(sims, s => Assert.InRange(s, -1.0001f, 1.0001f));
    }

    [Fact]
    public void Score_all_matches_one_dot_per_artist()
    {
        var scores = new float[Converged.Artists.Rows];
        Converged.ScoreAll(Converged.Users.Row(9), scores);
        for (var i = 0; i < scores.Length; i++)
        {
            Assert.Equal(Converged.Score(9, i), scores[i], 5);
        }
    }

    [Fact]
    public void Top_n_never_returns_a_played_artist()
    {
        var scores = new float[Converged.Artists.Rows];
        var top = new int[10];
        for (var u = 0; u < Plays.Rows; u++)
        {
            var played = Plays.RowIndexes(u);
            Converged.ScoreAll(Converged.Users.Row(u), scores);
            var n = TopK.Select(scores, played, top);
            Assert.Equal(Math.Min(10, Converged.Artists.Rows - played.Length), n);
            foreach (var i in top.AsSpan(0, n))
            {
                Assert.True(played.BinarySearch(i) < 0, $"user {u} was recommended played artist {i}");
            }

            // Best first, and nothing left out scores higher than the last one returned.
            for (var t = 1; t < n; t++)
            {
                Assert.True(scores[top[t - 1]] >= scores[top[t]]);
            }

            for (var i = 0; i < scores.Length; i++)
            {
                if (played.BinarySearch(i) < 0 && Array.IndexOf(top, i, 0, n) < 0)
                {
                    Assert.True(scores[i] <= scores[top[n - 1]]);
                }
            }
        }
    }

    [Fact]
    public void Fold_in_rejects_unsorted_or_unknown_artists()
    {
        Assert.Throws<ArgumentException>(() => Converged.FoldIn([5, 2], [1f, 1f]));
        Assert.Throws<ArgumentOutOfRangeException>(() => Converged.FoldIn([1000], [1f]));
        Assert.Throws<ArgumentOutOfRangeException>(() => Converged.FoldIn([1], [0f]));
    }
}
