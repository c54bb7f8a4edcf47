using MusicRecs.GrainInterfaces;

namespace MusicRecs.Grains.Cluster;

/// <summary>Artist factor updates of the current model version, latest per artist, numbered in order.</summary>
public sealed class ModelDeltaGrain : Grain, IModelDeltaGrain
{
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

    public Task<ImmutableArray<ArtistUpdate>> Since(int version, long afterSequence) =>
        Task.FromResult(version != _version
            ? ImmutableArray<ArtistUpdate>.Empty
            : _latest.Values.Where(u => u.Sequence > afterSequence).OrderBy(u => u.Sequence).ToImmutableArray());
}
