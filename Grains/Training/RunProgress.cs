using MusicRecs.GrainInterfaces;
using MusicRecs.Grains.Cluster;

namespace MusicRecs.Grains.Training;

/// <summary>How a run's durable state changes: a new run, and a half-sweep's results recorded once every partition answered.</summary>
internal static class RunProgress
{
    /// <summary>Artists kept in a publication's popularity answer.</summary>
    public const int PopularKept = 200;

    public static TrainingState NewRun(TrainingOptions options, int users, int artists, PublishedModel? published) => new()
    {
        RunId = $"run{(published?.Version ?? 0) + 1}-{Guid.NewGuid():N}"[..16],
        Phase = TrainingPhase.UserSweep,
        Options = options,
        Users = users,
        Artists = artists,
        Started = DateTimeOffset.UtcNow,
        Published = published,
    };

    /// <summary>The loss after an artist half-sweep: the partitions' terms plus lambda |X|^2 (0 after a user half-sweep).</summary>
    public static double Loss(TrainingState s, IReadOnlyList<SweepResult> results, bool userStep)
    {
        if (userStep)
        {
            return 0;
        }

        var loss = results.Sum(r => r.LossSum) + s.UserNorm;
        return double.IsFinite(loss)
            ? loss
            : throw new InvalidOperationException($"Iteration {s.Losses.Count + 1}: the training loss is {loss}; lower alpha or raise regularization.");
    }

    /// <summary>Records a finished half-sweep: the new version of its side, the loss and popularity after an artist one, the counters and timings.</summary>
    public static void Commit(TrainingState s, SweepRequest request, IReadOnlyList<SweepResult> results, double loss, double seconds, string self)
    {
        var userStep = request.Side == CatalogKind.Users;
        s.CurrentIterationFactorBytes += results.Sum(r => r.FactorBytes);

        // Grain calls of the half-sweep: one per partition worker, plus one per row when rows solve themselves.
        s.SolveCalls += results.Count + results.Sum(r => r.Calls);
        s.CrossSiloCalls += results.Count(r => r.Silo != self) + results.Sum(r => r.CrossSiloCalls);
        if (userStep)
        {
            s.UserVersion = request.OutputVersion;
            s.UserNorm = request.Options.Regularization * results.Sum(r => r.SquaredNorm);
        }
        else
        {
            s.ArtistVersion = request.OutputVersion;
            s.Losses.Add(loss);
            s.Popular = [.. results.SelectMany(r => r.Popular.Zip(r.PopularCounts)).OrderByDescending(p => p.Second).ThenBy(p => p.First).Take(PopularKept).Select(p => p.First)];
        }

        s.HalfSweepsDone++;
        s.Phase = s.HalfSweepsDone % 2 == 0 ? TrainingPhase.UserSweep : TrainingPhase.ArtistSweep;
        s.HalfSweepSeconds.Add(seconds);
        s.CurrentIterationSeconds += seconds;
        if (!userStep)
        {
            s.IterationSeconds.Add(s.CurrentIterationSeconds);
            s.CurrentIterationSeconds = 0;
            s.IterationFactorBytes.Add(s.CurrentIterationFactorBytes);
            s.CurrentIterationFactorBytes = 0;
        }
    }
}
