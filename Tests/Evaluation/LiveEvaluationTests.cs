using MusicRecs.Grains.Data;
using MusicRecs.Grains.Evaluation;
using MusicRecs.Grains.Factorization;

namespace MusicRecs.Tests.Evaluation;

/// <summary>Freshness on real data: streamed plays folded in must recover most of what a retrain gains.</summary>
public sealed class LiveEvaluationTests
{
    [Fact]
    public void Fold_in_of_streamed_plays_comes_within_0_003_of_a_retrain_on_split_2026()
    {
        var folder = Path.Combine(SharedData.LastFm2k, "split-2026");
        var pair = DatasetLoader.LoadPair(Path.Combine(folder, "train.tsv"), Path.Combine(folder, "test.tsv"), DatasetLoadOptions.Default);

        var result = LiveEvaluation.Run(pair.Train.Plays, pair.Test, new AlsOptions { ComputeLoss = false });

        Assert.True(result.FoldIn.Ndcg > result.Before.Ndcg, $"fold-in {result.FoldIn.Ndcg:F4} did not rise over {result.Before.Ndcg:F4}");
        Assert.True(result.Retrain.Ndcg > result.Before.Ndcg, $"retrain {result.Retrain.Ndcg:F4} did not rise over {result.Before.Ndcg:F4}");
        // A retrain gains only a few thousandths here, so a share of that gain is noise (issue 11); the
        // live update must come within 0.003 NDCG@10 of the retrain instead.
        Assert.True(result.Retrain.Ndcg - result.FoldIn.Ndcg <= 0.003, $"fold-in {result.FoldIn.Ndcg:F4} trails the retrain {result.Retrain.Ndcg:F4} by more than 0.003 (before {result.Before.Ndcg:F4}, {result.Recovery:P1} of the gain)");
        Assert.True(result.StreamedPairs > 9_000 && result.HeldPairs > 9_000);
    }

    [Fact]
    public void The_live_update_folds_in_users_and_refreshes_exactly_the_touched_artists()
    {
        var plays = Factorization.RandomProblems.Plays(60, 40, 0.15, 3);
        var (current, streamed) = Holdout.Split(plays, 0.3, 2, 5);
        var options = new AlsOptions { Factors = 6, Iterations = 8, Regularization = 0.5f, Solver = SolverKind.Cholesky };
        var model = new AlsTrainer(options).Fit(current);

        var live = LiveEvaluation.FoldInTouched(model, plays, streamed, options);

        var touched = streamed.ColumnIndexes.ToHashSet();
        for (var a = 0; a < model.Artists.Rows; a++)
        {
            var same = model.Artists.Row(a).SequenceEqual(live.Artists.Row(a));
            Assert.Equal(!touched.Contains(a), same);
        }

        for (var u = 0; u < model.Users.Rows; u++)
        {
            if (streamed.RowLength(u) > 0)
            {
                Assert.Equal(model.FoldIn(plays.RowIndexes(u), plays.RowValues(u)), live.Users.Row(u).ToArray());
            }
            else
            {
                Assert.Equal(model.Users.Row(u).ToArray(), live.Users.Row(u).ToArray());
            }
        }
    }
}
