namespace MusicRecs.Grains.Storage.Packed;

/// <summary>
/// Writes numbers as LEB128 varints (7 bits a byte): the stored form of play lists, whose sorted indexes
/// differ by small gaps and whose counts are mostly small whole numbers.
/// </summary>
public sealed class PackedWriter
{
    /// <summary>2^62: whole counts below it, doubled, fit a ulong.</summary>
    private const float WholeLimit = 4611686018427387904f;

    private byte[] buffer;
    private int length;

    /// <summary>A writer whose output starts with <paramref name="version"/>, the form's version byte (see <see cref="PackedReader.ExpectVersion"/>).</summary>
    public PackedWriter(byte version, int capacity)
    {
        buffer = new byte[Math.Max(16, capacity)];
        buffer[length++] = version;
    }

    public void WriteVarint(ulong value)
    {
        Ensure(10);
        while (value >= 0x80)
        {
            buffer[length++] = (byte)(value | 0x80);
            value >>= 7;
        }

        buffer[length++] = (byte)value;
    }

    /// <summary>Zigzag (0, -1, 1, -2 ... as 0, 1, 2, 3 ...): small differences of either sign stay short.</summary>
    public void WriteSigned(long value) => WriteVarint((ulong)((value << 1) ^ (value >> 63)));

    /// <summary>
    /// A positive whole count below 2^62 as varint(2c); any other value as 1 and its four IEEE bytes,
    /// so every float, fractional, huge or not finite, reads back bit for bit.
    /// </summary>
    public void WriteCount(float count)
    {
        if (count >= 0f && count < WholeLimit && count == MathF.Floor(count) && !float.IsNegative(count))
        {
            WriteVarint((ulong)count << 1);
            return;
        }

        WriteVarint(1);
        Ensure(4);
        BitConverter.TryWriteBytes(buffer.AsSpan(length, 4), BitConverter.SingleToInt32Bits(count));
        length += 4;
    }

    public byte[] ToArray() => buffer.AsSpan(0, length).ToArray();

    private void Ensure(int bytes)
    {
        if (length + bytes > buffer.Length)
        {
            Array.Resize(ref buffer, Math.Max(buffer.Length * 2, length + bytes));
        }
    }
}
