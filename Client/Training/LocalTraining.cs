using System.Diagnostics;
using MusicRecs.Client.Commands;
using MusicRecs.Client.Output;
using MusicRecs.Grains.Factorization;

namespace MusicRecs.Client.Training;

/// <summary>Fits the single-process trainer with a progress line per iteration.</summary>
internal static class LocalTraining
{
    public static (AlsModel Model, TimeSpan Elapsed) Fit(AlsOptions options, CsrMatrix plays, Reporter report)
    {
        report.Line($"training: {ModelOptionSet.Describe(options)}");
        var sw = Stopwatch.StartNew();
        var model = new AlsTrainer(options).Fit(plays, new IterationProgress());
        var elapsed = sw.Elapsed;
        var loss = model.History.LastOrDefault()?.Loss ?? double.NaN;
        report.Line($"trained in {elapsed.TotalSeconds:F2}s" + (double.IsNaN(loss) ? string.Empty : $", final loss {loss:G6}"));
        return (model, elapsed);
    }

    private sealed class IterationProgress : IProgress<IterationReport>
    {
        public void Report(IterationReport r) =>
            Reporter.Progress($"  iteration {r.Iteration}/{r.Iterations}: " + (double.IsNaN(r.Loss) ? string.Empty : $"loss {r.Loss:G6}, ") + $"{r.Elapsed.TotalMilliseconds:F1} ms (users {r.UserStep.TotalMilliseconds:F1}, artists {r.ArtistStep.TotalMilliseconds:F1}, loss/check {r.LossTime.TotalMilliseconds:F1})");
    }
}
