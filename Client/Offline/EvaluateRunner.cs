using MusicRecs.Client.Output;
using MusicRecs.Client.Results;
using MusicRecs.Grains.Data;
using MusicRecs.Grains.Evaluation;
using MusicRecs.Grains.Factorization;

namespace MusicRecs.Client.Offline;

/// <summary>
/// Trains on the training part, scores ALS and the most-popular baseline on the test part; with
/// several seeds also the spread over training seeds; with <c>live</c> the freshness of fold-in against
/// a retrain, for known listeners and (with a share of new users) for listeners never trained on.
/// </summary>
internal static class EvaluateRunner
{
    public static EvaluateResult Run(AlsOptions options, Dataset train, CsrMatrix test, EvaluateExtras extras, Reporter report)
    {
        var (als, alsResult, popResult, elapsed) = Comparison.Run(options, train.Plays, test, report);
        var answer = new EvaluateResult(alsResult.ToJsonObject(), popResult.ToJsonObject(), options, elapsed.TotalSeconds, als.History.LastOrDefault()?.Loss ?? double.NaN);
        if (extras.Seeds > 1)
        {
            answer = answer with { Seeds = OverSeeds(options, train.Plays, test, extras.Seeds, alsResult, report) };
        }

        if (!extras.Live)
        {
            return answer;
        }

        var freshness = LiveEvaluation.Run(train.Plays, test, options, progress: new Progress<string>(Reporter.Progress));
        report.Line();
        report.Line($"freshness: {freshness.StreamedPairs:N0} test pairs streamed as new plays, {freshness.HeldPairs:N0} scored");
        MetricsTable.Print(report, [("before", freshness.Before), ("fold-in", freshness.FoldIn), ("retrain", freshness.Retrain)]);
        report.Line($"fold-in recovers {freshness.Recovery:P1} of the retrain's NDCG@10 gain");
        var live = LiveResult.Of(freshness);
        if (extras.NewUsers is { } share)
        {
            var fresh = NewListenerEvaluation.Run(train.Plays, test, options, share, progress: new Progress<string>(Reporter.Progress));
            report.Line();
            report.Line($"new listeners: {fresh.Users:N0} users left out of training, {fresh.StreamedPairs:N0} of their pairs streamed, {fresh.HeldPairs:N0} scored");
            MetricsTable.Print(report, [("popularity", fresh.Before), ("fold-in", fresh.FoldIn), ("retrain", fresh.Retrain)]);
            report.Line($"fold-in recovers {fresh.Recovery:P1} of the retrain's NDCG@10 gain over popularity");
            live = live with { NewUsers = NewUsersResult.Of(fresh) };
        }

        return answer with { Live = live };
    }

    private static SeedsResult OverSeeds(AlsOptions options, CsrMatrix train, CsrMatrix test, int seeds, EvaluationResult first, Reporter report)
    {
        var results = new List<EvaluationResult> { first };
        for (var s = 1; s < seeds; s++)
        {
            var o = options with { Seed = options.Seed + s, ComputeLoss = false };
            var model = new AlsTrainer(o).Fit(train);
            results.Add(Evaluator.Evaluate(train, test, new AlsScorer(model), RankingMetrics.DefaultK, o.EffectiveThreads));
            Reporter.Progress($"  seed {o.Seed}: NDCG@10 {results[^1].Ndcg:F4}");
        }

        var ndcg = MeanStderr.Of(results.Select(r => r.Ndcg).ToArray());
        var precision = MeanStderr.Of(results.Select(r => r.Precision).ToArray());
        var map = MeanStderr.Of(results.Select(r => r.Map).ToArray());
        report.Line($"over {seeds} training seeds ({options.Seed}..{options.Seed + seeds - 1}): NDCG@10 {ndcg.Mean:F4} ± {ndcg.Stderr:F4}, P@10 {precision.Mean:F4} ± {precision.Stderr:F4}, MAP@10 {map.Mean:F4} ± {map.Stderr:F4} (mean ± standard error)");
        return new SeedsResult(seeds, options.Seed, ndcg.Mean, ndcg.Stderr, precision.Mean, precision.Stderr, map.Mean, map.Stderr);
    }
}
