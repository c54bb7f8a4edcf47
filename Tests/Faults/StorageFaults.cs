namespace MusicRecs.Tests.Faults;

/// <summary>
/// The faults of one storage provider of one test cluster: options a test can switch at any time, the
/// seeded random they are drawn from, counts of what was injected, and an optional observer of every
/// write that reached the inner storage.
/// </summary>
public sealed class StorageFaults(int seed)
{
    private readonly object _lock = new();
    private readonly Random _random = new(seed);
    private FaultOptions _options = FaultOptions.None;
    private long _writes;
    private long _stored;
    private long _failedBefore;
    private long _failedAfter;
    private long _timeouts;
    private long _failedReads;
    private long _reads;

    public FaultOptions Options
    {
        get { lock (_lock) { return _options; } }
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            value.Validate();
            lock (_lock)
            {
                _options = value;
            }
        }
    }

    /// <summary>
    /// Called with the state type's name, the grain, and a copy of the state as stored, after every write
    /// that landed (including those that then failed): what storage holds, in write order per grain.
    /// </summary>
    public Action<string, GrainId, object?>? Stored { get; set; }

    public long Writes => Interlocked.Read(ref _writes);

    public long StoredWrites => Interlocked.Read(ref _stored);

    public long FailedBeforeStore => Interlocked.Read(ref _failedBefore);

    public long FailedAfterStore => Interlocked.Read(ref _failedAfter);

    public long Timeouts => Interlocked.Read(ref _timeouts);

    public long FailedReads => Interlocked.Read(ref _failedReads);

    /// <summary>Reads asked for, failed or not (a grain activation reads its state once).</summary>
    public long Reads => Interlocked.Read(ref _reads);

    /// <summary>Draws the fault of the next write (shares in the order before, after, timeout).</summary>
    public (WriteFault Fault, FaultOptions Options) NextWrite()
    {
        Interlocked.Increment(ref _writes);
        FaultOptions o;
        double draw;
        lock (_lock)
        {
            o = _options;
            draw = _random.NextDouble();
        }

        var fault = draw < o.FailBeforeStore ? WriteFault.FailBeforeStore
            : draw < o.FailBeforeStore + o.FailAfterStore ? WriteFault.FailAfterStore
            : draw < o.FailBeforeStore + o.FailAfterStore + o.Timeout ? WriteFault.Timeout
            : WriteFault.None;
        switch (fault)
        {
            case WriteFault.FailBeforeStore:
                Interlocked.Increment(ref _failedBefore);
                break;
            case WriteFault.FailAfterStore:
                Interlocked.Increment(ref _failedAfter);
                break;
            case WriteFault.Timeout:
                Interlocked.Increment(ref _timeouts);
                break;
        }

        return (fault, o);
    }

    public bool NextReadFails()
    {
        Interlocked.Increment(ref _reads);
        lock (_lock)
        {
            if (_options.FailRead > 0 && _random.NextDouble() < _options.FailRead)
            {
                _failedReads++;
                return true;
            }

            return false;
        }
    }

    internal void CountStored() => Interlocked.Increment(ref _stored);
}
