using MusicRecs.Grains.Plays;

namespace MusicRecs.Grains.Storage.Packed;

/// <summary>
/// Stores a user's outbox as one byte array: version 1, the batch numbers as differences (a batch's entries
/// share one, so most differences are 0), the artists as differences, the counts as whole numbers where whole:
/// about 4-5 bytes an entry instead of 16. The outbox is written with every batch a user applies and stays in
/// storage until the user's next write.
/// </summary>
[RegisterConverter]
public sealed class OutboxLogConverter : IConverter<OutboxLog, OutboxLogSurrogate>
{
    private const byte Version = 1;

    public OutboxLog ConvertFromSurrogate(in OutboxLogSurrogate surrogate) =>
        surrogate.Packed is { } packed
            ? Unpack(packed)
            : new OutboxLog { Sequences = surrogate.Sequences ?? [], Artists = surrogate.Artists ?? [], Counts = surrogate.Counts ?? [] };

    public OutboxLogSurrogate ConvertToSurrogate(in OutboxLog value) => new() { Packed = Pack(value) };

    public static byte[] Pack(OutboxLog value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var writer = new PackedWriter(Version, 8 + value.Length * 5);
        PackedArrays.WriteDeltas(writer, value.Sequences);
        PackedArrays.WriteDeltas(writer, value.Artists);
        PackedArrays.WriteCounts(writer, value.Counts);
        return writer.ToArray();
    }

    public static OutboxLog Unpack(ReadOnlySpan<byte> packed)
    {
        var reader = new PackedReader(packed, "a packed outbox");
        reader.ExpectVersion(Version);

        var sequences = PackedArrays.ReadLongDeltas(ref reader);
        var artists = PackedArrays.ReadIntDeltas(ref reader);
        var counts = PackedArrays.ReadCounts(ref reader);
        if (artists.Length != sequences.Length || counts.Length != sequences.Length)
        {
            throw reader.Malformed($"{sequences.Length} batch numbers, {artists.Length} artists and {counts.Length} counts do not align");
        }

        reader.ExpectEnd();
        return new OutboxLog { Sequences = sequences, Artists = artists, Counts = counts };
    }
}
