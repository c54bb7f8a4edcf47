using MusicRecs.GrainInterfaces;
using MusicRecs.Grains.Cluster;

namespace MusicRecs.Grains.Training;

/// <summary>The records a training run hands out, built from its durable state: sweep requests, the publication, the status.</summary>
internal static class RunRecords
{
    /// <summary>The request of the next half-sweep (users on even counts, artists on odd), block and rows left to fill in.</summary>
    public static SweepRequest NextSweep(string model, TrainingState s, TrainingOptions options)
    {
        var userStep = s.HalfSweepsDone % 2 == 0;
        var previous = userStep ? s.UserVersion : s.ArtistVersion;
        return new SweepRequest
        {
            Model = model,
            RunId = s.RunId,
            Side = userStep ? CatalogKind.Users : CatalogKind.Artists,
            Rows = 0,
            FixedRows = userStep ? s.Artists : s.Users,
            FixedVersion = userStep ? s.ArtistVersion : s.UserVersion,
            PreviousVersion = previous,
            OutputVersion = previous + 1,
            Options = options,
            ComputeLoss = !userStep,
            Last = s.HalfSweepsDone >= (2 * options.Iterations) - 2,
        };
    }

    /// <summary>Version <paramref name="version"/> of the model from the run's last completed half-sweeps.</summary>
    public static PublishedModel Publication(string model, TrainingState s, int version) =>
        new PublishedModel
        {
            Model = model,
            Version = version,
            RunId = s.RunId,
            UserSnapshot = s.UserVersion,
            ArtistSnapshot = s.ArtistVersion,
            Users = s.Users,
            Artists = s.Artists,
            Options = s.Options!,
            Published = DateTimeOffset.UtcNow,
            Popular = [.. s.Popular],
            RunStarted = s.Started ?? DateTimeOffset.UtcNow,
        };

    public static TrainingStatus Status(string model, TrainingState s) =>
        new TrainingStatus
        {
            Model = model,
            RunId = s.RunId,
            Phase = s.Phase,
            Iteration = s.HalfSweepsDone / 2,
            Iterations = s.Options?.Iterations ?? 0,
            HalfSweepsDone = s.HalfSweepsDone,
            Losses = [.. s.Losses],
            IterationSeconds = [.. s.IterationSeconds],
            Started = s.Started,
            Finished = s.Finished,
            PublishedVersion = s.Published?.Version ?? 0,
            Error = s.Error,
            Users = s.Users,
            Artists = s.Artists,
            Options = s.Options,
            SolveCalls = s.SolveCalls,
            CrossSiloCalls = s.CrossSiloCalls,
            Resumes = s.Resumes,
            IterationFactorBytes = [.. s.IterationFactorBytes],
        };

    public static bool IsRunning(TrainingPhase phase) => phase is TrainingPhase.UserSweep or TrainingPhase.ArtistSweep or TrainingPhase.Publishing;
}
