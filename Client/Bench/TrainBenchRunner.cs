using MusicRecs.Client.Output;
using MusicRecs.Client.Training;
using MusicRecs.Grains.Data;
using MusicRecs.Grains.Factorization;

namespace MusicRecs.Client.Bench;

/// <summary><c>bench train</c>: times the single-process trainer (and computes the final loss once when it was skipped per iteration).</summary>
internal static class TrainBenchRunner
{
    public static void Run(Dataset dataset, AlsOptions options, Reporter report)
    {
        var (trained, fit) = LocalTraining.Fit(options, dataset.Plays, report);
        var finalLoss = trained.History.LastOrDefault()?.Loss ?? double.NaN;
        if (!options.ComputeLoss)
        {
            var excess = Confidence.ExcessMatrix(dataset.Plays, options.Scheme, options.Alpha, options.Epsilon).Transpose();
            finalLoss = Loss.Compute(trained.Artists, trained.Users, excess, Gramian.Compute(trained.Users, options.Regularization, options.EffectiveThreads), options.Regularization, options.EffectiveThreads);
        }

        var iterations = trained.History.Select(h => h.Elapsed.TotalMilliseconds).ToArray();
        var median = Percentiles.Median(iterations);
        report.Line($"per-iteration median {median:F2} ms (min {iterations.DefaultIfEmpty().Min():F2}, max {iterations.DefaultIfEmpty().Max():F2}); users {Percentiles.Median(trained.History.Select(h => h.UserStep.TotalMilliseconds).ToArray()):F2} ms, artists {Percentiles.Median(trained.History.Select(h => h.ArtistStep.TotalMilliseconds).ToArray()):F2} ms, loss {Percentiles.Median(trained.History.Select(h => h.LossTime.TotalMilliseconds).ToArray()):F2} ms per iteration");
        report.Line($"fit {fit.TotalSeconds:F3} s, final loss {finalLoss:G6}");
        report.WriteJson(new TrainBenchResult
        {
            PerIterationMsMedian = median,
            FitSeconds = fit.TotalSeconds,
            FinalLoss = finalLoss,
            PerIterationMs = iterations,
            LossMsMedian = Percentiles.Median(trained.History.Select(h => h.LossTime.TotalMilliseconds).ToArray()),
            Users = dataset.Users.Count,
            Artists = dataset.Artists.Count,
            Nonzeros = dataset.Plays.NonZeros,
            Factors = options.Factors,
            Solver = options.Solver == SolverKind.Cholesky ? "cholesky" : "cg",
            Threads = options.EffectiveThreads,
            Iterations = options.Iterations,
            SimdWidthFloats = System.Numerics.Vector<float>.Count,
            ProcessorCount = Environment.ProcessorCount,
        });
    }
}
