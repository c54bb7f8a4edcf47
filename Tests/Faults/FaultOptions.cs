namespace MusicRecs.Tests.Faults;

/// <summary>
/// What a <see cref="FaultyGrainStorage"/> does to the calls it passes on. Shares are probabilities per
/// call (drawn from the storage's seeded random); the three write shares together are at most 1.
/// </summary>
public sealed record FaultOptions
{
    public static readonly FaultOptions None = new();

    /// <summary>Share of writes that throw before the inner storage sees them: nothing is stored.</summary>
    public double FailBeforeStore { get; init; }

    /// <summary>Share of writes that reach the inner storage and then throw: the data is stored, the caller sees an error.</summary>
    public double FailAfterStore { get; init; }

    /// <summary>Share of writes that wait <see cref="TimeoutDelay"/> and then throw a <see cref="TimeoutException"/>, storing nothing.</summary>
    public double Timeout { get; init; }

    public TimeSpan TimeoutDelay { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Latency of every write before it reaches the inner storage (real storage answers after a round trip).</summary>
    public TimeSpan WriteDelay { get; init; }

    /// <summary>Share of reads that throw before reading.</summary>
    public double FailRead { get; init; }

    /// <summary>Throws when a share is outside [0, 1] or the write shares add up to more than 1.</summary>
    public void Validate()
    {
        Share(nameof(FailBeforeStore), FailBeforeStore);
        Share(nameof(FailAfterStore), FailAfterStore);
        Share(nameof(Timeout), Timeout);
        Share(nameof(FailRead), FailRead);
        if (FailBeforeStore + FailAfterStore + Timeout > 1)
        {
            throw new ArgumentException($"Fault options: the write shares FailBeforeStore {FailBeforeStore}, FailAfterStore {FailAfterStore} and Timeout {Timeout} add up to more than 1.");
        }

        if (TimeoutDelay < TimeSpan.Zero || WriteDelay < TimeSpan.Zero)
        {
            throw new ArgumentException($"Fault options: TimeoutDelay {TimeoutDelay} or WriteDelay {WriteDelay} is negative.");
        }
    }

    private static void Share(string name, double value)
    {
        if (!(value is >= 0 and <= 1))
        {
            throw new ArgumentException($"Fault options: {name} {value} is not a share between 0 and 1.");
        }
    }
}
