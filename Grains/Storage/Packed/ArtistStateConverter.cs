using MusicRecs.Grains.Cluster;

namespace MusicRecs.Grains.Storage.Packed;

/// <summary>
/// Stores an artist's per-listener sequences (the last outbox entry applied from each listener, aligned with
/// its listeners) as differences from the previous listener's: a user's batch numbers are small, so about a
/// byte a listener where the array takes 8.
/// </summary>
[RegisterConverter]
public sealed class ArtistStateConverter : IConverter<ArtistState, ArtistStateSurrogate>
{
    private const byte Version = 1;

    public ArtistState ConvertFromSurrogate(in ArtistStateSurrogate surrogate) => new()
    {
        Index = surrogate.Index,
        Name = surrogate.Name,
        Listeners = surrogate.Listeners ?? new(),
        Sequences = surrogate.PackedSequences is { } packed ? UnpackSequences(packed) : surrogate.Sequences ?? [],
    };

    public ArtistStateSurrogate ConvertToSurrogate(in ArtistState value) => new()
    {
        Index = value.Index,
        Name = value.Name,
        Listeners = value.Listeners,
        PackedSequences = PackSequences(value.Sequences),
    };

    public static byte[] PackSequences(long[] sequences)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        var writer = new PackedWriter(Version, 4 + sequences.Length * 2);
        PackedArrays.WriteDeltas(writer, sequences);
        return writer.ToArray();
    }

    public static long[] UnpackSequences(ReadOnlySpan<byte> packed)
    {
        var reader = new PackedReader(packed, "an artist's packed listener sequences");
        reader.ExpectVersion(Version);

        var sequences = PackedArrays.ReadLongDeltas(ref reader);
        reader.ExpectEnd();
        return sequences;
    }
}
