using MusicRecs.Grains.Data;
using MusicRecs.Grains.Evaluation;
using MusicRecs.Grains.Factorization;

namespace MusicRecs.Tests.Evaluation;

/// <summary>Quality floor of the built-in defaults on the fixed Last.fm split (no timing involved).</summary>
public sealed class LastFmQualityTests
{
    [Fact]
    public void Built_in_defaults_reach_ndcg_0_235_on_split_2026_and_beat_popularity()
    {
        var folder = Path.Combine(SharedData.LastFm2k, "split-2026");
        var pair = DatasetLoader.LoadPair(Path.Combine(folder, "train.tsv"), Path.Combine(folder, "test.tsv"), DatasetLoadOptions.Default);
        var train = pair.Train.Plays;

        var model = new AlsTrainer(new AlsOptions { ComputeLoss = false }).Fit(train);
        var als = Evaluator.Evaluate(train, pair.Test, new AlsScorer(model));
        var popularity = Evaluator.Evaluate(train, pair.Test, new PopularityScorer(train));

        Assert.Equal(1_877, als.Users);
        Assert.True(als.Ndcg >= 0.235, $"NDCG@10 {als.Ndcg:F4}");
        Assert.True(als.Precision > 2 * popularity.Precision, $"P@10 {als.Precision:F4} vs popularity {popularity.Precision:F4}");
        Assert.True(als.Epr < popularity.Epr, $"EPR {als.Epr:F4} vs popularity {popularity.Epr:F4}");
    }
}
