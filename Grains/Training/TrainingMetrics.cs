using System.Diagnostics.Metrics;
using MusicRecs.Grains.Hosting;

namespace MusicRecs.Grains.Training;

/// <summary>
/// Training's instruments, recorded where the run is driven: every completed iteration is recorded once, however
/// quickly runs follow each other (a poll of the run's status would miss a run replaced between two polls).
/// </summary>
public sealed class TrainingMetrics(IMeterFactory meters)
{
    private readonly Histogram<double> _iteration = meters.Create(PlatformMeter.Name).CreateHistogram<double>(
        "musicrecs.training.iteration.duration", "s", "Wall time of one training iteration (two half-sweeps).");

    public void Iteration(double seconds) => _iteration.Record(seconds);
}
