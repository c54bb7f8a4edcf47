namespace MusicRecs.Grains.Storage.Packed;

/// <summary>
/// The packed forms of the number arrays the big states store. Sorted indexes and sequence numbers are
/// written as differences from their predecessor (zigzag, so any order still reads back), counts as
/// whole numbers where they are whole: about 3-4 bytes a play where the arrays take 8-16.
/// </summary>
public static class PackedArrays
{
    public static void WriteDeltas(PackedWriter writer, ReadOnlySpan<int> values)
    {
        writer.WriteVarint((ulong)values.Length);
        long previous = 0;
        foreach (var v in values)
        {
            writer.WriteSigned(v - previous);
            previous = v;
        }
    }

    public static int[] ReadIntDeltas(ref PackedReader reader)
    {
        var values = new int[reader.ReadLength()];
        long previous = 0;
        for (var i = 0; i < values.Length; i++)
        {
            previous += reader.ReadSigned();
            if (previous is < int.MinValue or > int.MaxValue)
            {
                throw reader.Malformed($"entry {i} ({previous}) is outside the range of an index");
            }

            values[i] = (int)previous;
        }

        return values;
    }

    public static void WriteDeltas(PackedWriter writer, ReadOnlySpan<long> values)
    {
        writer.WriteVarint((ulong)values.Length);
        long previous = 0;
        foreach (var v in values)
        {
            writer.WriteSigned(unchecked(v - previous));
            previous = v;
        }
    }

    public static long[] ReadLongDeltas(ref PackedReader reader)
    {
        var values = new long[reader.ReadLength()];
        long previous = 0;
        for (var i = 0; i < values.Length; i++)
        {
            previous = unchecked(previous + reader.ReadSigned());
            values[i] = previous;
        }

        return values;
    }

    public static void WriteCounts(PackedWriter writer, ReadOnlySpan<float> counts)
    {
        writer.WriteVarint((ulong)counts.Length);
        foreach (var c in counts)
        {
            writer.WriteCount(c);
        }
    }

    public static float[] ReadCounts(ref PackedReader reader)
    {
        var counts = new float[reader.ReadLength()];
        for (var i = 0; i < counts.Length; i++)
        {
            counts[i] = reader.ReadCount();
        }

        return counts;
    }
}
