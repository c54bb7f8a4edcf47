using MusicRecs.Client.Output;
using MusicRecs.Client.Training;
using MusicRecs.Grains.Evaluation;
using MusicRecs.Grains.Factorization;

namespace MusicRecs.Client.Offline;

/// <summary>Trains ALS on a training matrix and scores it and the popularity baseline on the test matrix.</summary>
internal static class Comparison
{
    public static (AlsModel Model, EvaluationResult Als, EvaluationResult Popularity, TimeSpan TrainTime) Run(AlsOptions options, CsrMatrix train, CsrMatrix test, Reporter report)
    {
        var (model, elapsed) = LocalTraining.Fit(options, train, report);
        var als = Evaluator.Evaluate(train, test, new AlsScorer(model), RankingMetrics.DefaultK, options.EffectiveThreads);
        var popularity = Evaluator.Evaluate(train, test, new PopularityScorer(train), RankingMetrics.DefaultK, options.EffectiveThreads);
        report.Line();
        MetricsTable.Print(report, [("als", als), ("popularity", popularity)]);
        return (model, als, popularity, elapsed);
    }
}
