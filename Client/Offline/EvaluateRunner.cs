using MusicRecs.Client.Output;
using MusicRecs.Client.Results;
using MusicRecs.Grains.Data;
using MusicRecs.Grains.Evaluation;
using MusicRecs.Grains.Factorization;

namespace MusicRecs.Client.Offline;

/// <summary>
/// Trains on the training part, scores ALS and the most-popular baseline on the test part, and with
/// <c>live</c> also the freshness of fold-in against a retrain.
/// </summary>
internal static class EvaluateRunner
{
    public static EvaluateResult Run(AlsOptions options, Dataset train, CsrMatrix test, bool live, Reporter report)
    {
        var (als, alsResult, popResult, elapsed) = Comparison.Run(options, train.Plays, test, report);
        var answer = new EvaluateResult(alsResult.ToJsonObject(), popResult.ToJsonObject(), options, elapsed.TotalSeconds, als.History.LastOrDefault()?.Loss ?? double.NaN);
        if (!live)
        {
            return answer;
        }

        var freshness = LiveEvaluation.Run(train.Plays, test, options, progress: new Progress<string>(Reporter.Progress));
        report.Line();
        report.Line($"freshness: {freshness.StreamedPairs:N0} test pairs streamed as new plays, {freshness.HeldPairs:N0} scored");
        MetricsTable.Print(report, [("before", freshness.Before), ("fold-in", freshness.FoldIn), ("retrain", freshness.Retrain)]);
        report.Line($"fold-in recovers {freshness.Recovery:P1} of the retrain's NDCG@10 gain");
        return answer with { Live = LiveResult.Of(freshness) };
    }
}
