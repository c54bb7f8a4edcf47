using MusicRecs.GrainInterfaces;

namespace MusicRecs.Grains.Cluster;

/// <summary>
/// Artist factor updates of the current model version, latest per artist, numbered in order. Held in memory:
/// a new activation starts empty and numbers from 1 again, under a new epoch, so readers whose mark is from
/// an earlier activation take everything it has rather than waiting for the count to pass their old mark.
/// </summary>
public sealed class ModelDeltaGrain : Grain, IModelDeltaGrain
{
    /// <summary>Random and non-zero (0 is a reader's "none yet"): two activations drawing the same one is a 2^-63 chance.</summary>
    private readonly long _epoch = Random.Shared.NextInt64(1, long.MaxValue);
    private readonly Dictionary<int, ArtistUpdate> _latest = [];
    private int _version = -1;
    private long _sequence;

    public Task PutMany(int version, ImmutableArray<ArtistFactor> factors)
    {
        if (version > _version)
        {
            _version = version;
            _latest.Clear();
        }

        if (version == _version)
        {
            foreach (var f in factors)
            {
                _latest[f.Artist] = new ArtistUpdate(f.Artist, f.Factor, ++_sequence);
            }
        }

        return Task.CompletedTask;
    }

    public Task<ArtistUpdates> Since(int version, long epoch, long afterSequence)
    {
        var after = epoch == _epoch ? afterSequence : 0;
        return Task.FromResult(new ArtistUpdates(_epoch, version != _version
            ? ImmutableArray<ArtistUpdate>.Empty
            : _latest.Values.Where(u => u.Sequence > after).OrderBy(u => u.Sequence).ToImmutableArray()));
    }
}
