namespace MusicRecs.GrainInterfaces;

/// <summary>
/// Cluster housekeeping a client asks for (key 0): clients cannot reach the silos' grain services, so this
/// grain calls them on the client's behalf.
/// </summary>
[Alias("MusicRecs.IMaintenanceGrain")]
public interface IMaintenanceGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// Flushes the listener buffer of every active silo and returns once each has sent what it held to the
    /// artists (the barrier a training run waits for); returns how many silos flushed.
    /// </summary>
    [Alias("FlushListeners")]
    Task<int> FlushListeners();

    /// <summary>The bytes of factor rows each active silo holds (snapshot cache, factor blocks, user rows), by silo port.</summary>
    [Alias("FactorMemory")]
    Task<ImmutableArray<SiloFactorMemory>> FactorMemory();
}
