using MusicRecs.Grains.Data;
using MusicRecs.Grains.Evaluation;
using MusicRecs.Grains.Factorization;

namespace MusicRecs.Tests.Evaluation;

/// <summary>Listeners the model never saw: folding in half their artists must recover most of a retrain's gain over popularity.</summary>
public sealed class NewListenerEvaluationTests
{
    [Fact]
    public void Fold_in_of_new_listeners_recovers_at_least_90_percent_of_a_retrain_over_popularity_on_split_2026()
    {
        var folder = Path.Combine(SharedData.LastFm2k, "split-2026");
        var pair = DatasetLoader.LoadPair(Path.Combine(folder, "train.tsv"), Path.Combine(folder, "test.tsv"), DatasetLoadOptions.Default);

        var result = NewListenerEvaluation.Run(pair.Train.Plays, pair.Test, new AlsOptions { ComputeLoss = false }, 0.1);

        Assert.InRange(result.Users, 180, 195);
        Assert.True(result.Retrain.Ndcg > result.Before.Ndcg + 0.1, $"retrain {result.Retrain.Ndcg:F4} against popularity {result.Before.Ndcg:F4}");
        Assert.True(result.Recovery >= 0.9, $"fold-in recovers {result.Recovery:P1} (popularity {result.Before.Ndcg:F4}, fold-in {result.FoldIn.Ndcg:F4}, retrain {result.Retrain.Ndcg:F4})");
        Assert.Equal(result.Users, result.FoldIn.Users);
    }

    [Fact]
    public void New_users_are_absent_from_training_and_split_in_half()
    {
        var plays = RandomPlays.Create(users: 100, artists: 50, maxPerUser: 12, seed: 4);
        var (train, test) = Holdout.Split(plays, 0.2, 5, 1);

        var result = NewListenerEvaluation.Run(train, test, new AlsOptions { Factors = 4, Iterations = 2, Threads = 1, ComputeLoss = false }, 0.2, seed: 3);

        var eligible = Enumerable.Range(0, plays.Rows).Count(u => plays.RowLength(u) >= 2);
        var users = (int)Math.Round(0.2 * eligible, MidpointRounding.AwayFromZero);
        Assert.Equal(users, result.Users);
        Assert.Equal(users, result.FoldIn.Users);
        Assert.InRange(result.StreamedPairs + result.HeldPairs, users * 2, users * 12);
        Assert.InRange(Math.Abs(result.HeldPairs - result.StreamedPairs), 0, users);
    }
}
