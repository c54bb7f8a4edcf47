using MusicRecs.Grains.Cluster;

namespace MusicRecs.Grains.Training;

/// <summary>What a <see cref="TrainingLoop"/> needs of the grain that owns the run's state.</summary>
internal interface IRunOwner
{
    string Model { get; }

    /// <summary>The silo the owner runs on (to count calls that crossed silos).</summary>
    string Silo { get; }

    /// <summary>Takes the state's lock for a change of run <paramref name="s"/>: false (lock not held) when the run no longer owns the state.</summary>
    Task<bool> TakeOwnedAsync(TrainingState s, CancellationToken cancellationToken);

    /// <summary>Releases the lock taken by <see cref="TakeOwnedAsync"/>.</summary>
    void Release();

    /// <summary>Writes the state; called with the lock held.</summary>
    Task WriteAsync(string what);

    Task StopReminderAsync();

    /// <summary>Records a completed iteration's wall time in the platform's metrics.</summary>
    void IterationDone(double seconds);
}
