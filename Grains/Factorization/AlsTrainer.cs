using System.Diagnostics;

namespace MusicRecs.Grains.Factorization;

/// <summary>
/// The single-process implicit-ALS trainer: alternating user and artist half-sweeps over all cores.
/// It is deterministic: the same data, options and seed give bit-identical factors for any thread count,
/// which makes it the yardstick for the distributed trainer.
/// </summary>
public sealed class AlsTrainer
{
    /// <summary>A loss rising this many times over the previous one is divergence, not CG noise.</summary>
    private const double DivergenceFactor = 10.0;

    private readonly AlsOptions _options;

    public AlsTrainer(AlsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
    }

    /// <param name="plays">Users x artists play counts.</param>
    /// <param name="afterIteration">
    /// Called after every iteration with the iteration number and a model over the live factor
    /// matrices; it must use the model before returning (the next iteration overwrites them).
    /// </param>
    public AlsModel Fit(CsrMatrix plays, IProgress<IterationReport>? progress = null, CancellationToken cancellationToken = default, Action<int, AlsModel>? afterIteration = null)
    {
        ArgumentNullException.ThrowIfNull(plays);
        var o = _options;
        var threads = o.EffectiveThreads;
        var userExcess = Confidence.ExcessMatrix(plays, o.Scheme, o.Alpha, o.Epsilon);
        var artistExcess = userExcess.Transpose();
        var users = FactorInitializer.Create(plays.Rows, o.Factors, o.Seed, FactorInitializer.UserSide, o.InitScale);
        var artists = FactorInitializer.Create(plays.Columns, o.Factors, o.Seed, FactorInitializer.ArtistSide, o.InitScale);
        var history = new List<IterationReport>(o.Iterations);
        var previousLoss = double.NaN;
        for (var it = 1; it <= o.Iterations; it++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var sw = Stopwatch.StartNew();
            var gY = Gramian.Compute(artists, o.Regularization, threads);
            HalfSweep.Run(users, artists, userExcess, gY, o.Solver, o.CgSteps, threads, cancellationToken);
            var userStep = sw.Elapsed;

            sw.Restart();
            var gX = Gramian.Compute(users, o.Regularization, threads);
            HalfSweep.Run(artists, users, artistExcess, gX, o.Solver, o.CgSteps, threads, cancellationToken);
            var artistStep = sw.Elapsed;

            sw.Restart();
            var loss = double.NaN;
            if (o.ComputeLoss)
            {
                loss = Loss.Compute(artists, users, artistExcess, gX, o.Regularization, threads);
                CheckLoss(it, loss, previousLoss);
                previousLoss = loss;
            }
            else
            {
                users.EnsureFinite($"Iteration {it}, user factors");
                artists.EnsureFinite($"Iteration {it}, artist factors");
            }

            var report = new IterationReport(it, o.Iterations, loss, userStep, artistStep, sw.Elapsed);
            history.Add(report);
            progress?.Report(report);
            afterIteration?.Invoke(it, new AlsModel(users, artists, o));
        }

        return new AlsModel(users, artists, o, history);
    }

    private static void CheckLoss(int iteration, double loss, double previous)
    {
        if (!double.IsFinite(loss))
        {
            throw new TrainingDivergedException($"Iteration {iteration}: the training loss is {loss}; lower alpha or raise regularization.");
        }

        if (double.IsFinite(previous) && loss > previous * DivergenceFactor)
        {
            throw new TrainingDivergedException($"Iteration {iteration}: the training loss jumped from {previous:G6} to {loss:G6}; lower alpha or raise regularization.");
        }
    }
}
