namespace MusicRecs.Grains.Storage.Packed;

/// <summary>Reads what <see cref="PackedWriter"/> wrote; a truncated or malformed input is a <see cref="FormatException"/> naming what and where.</summary>
public ref struct PackedReader(ReadOnlySpan<byte> bytes, string what)
{
    private readonly ReadOnlySpan<byte> bytes = bytes;
    private int position;

    public readonly bool AtEnd => position == bytes.Length;

    public byte ReadByte()
    {
        if (position >= bytes.Length)
        {
            throw Truncated();
        }

        return bytes[position++];
    }

    /// <summary>Reads the form's version byte and fails unless it is <paramref name="version"/>.</summary>
    public void ExpectVersion(byte version)
    {
        var read = ReadByte();
        if (read != version)
        {
            throw Malformed($"version {read} is not {version}");
        }
    }

    public ulong ReadVarint()
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = ReadByte();
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }

        throw new FormatException($"{what}: a number longer than ten bytes ends at byte {position}.");
    }

    public long ReadSigned()
    {
        var v = ReadVarint();
        return (long)(v >> 1) ^ -(long)(v & 1);
    }

    public float ReadCount()
    {
        var v = ReadVarint();
        if ((v & 1) == 0)
        {
            return v >> 1;
        }

        if (v != 1 || position + 4 > bytes.Length)
        {
            throw v != 1 ? new FormatException($"{what}: count tag {v} at byte {position} is neither whole (even) nor 1.") : Truncated();
        }

        var bits = BitConverter.ToInt32(bytes.Slice(position, 4));
        position += 4;
        return BitConverter.Int32BitsToSingle(bits);
    }

    /// <summary>A length prefix, checked against what is left (each element takes a byte at least), so a corrupt prefix cannot allocate gigabytes.</summary>
    public int ReadLength()
    {
        var n = ReadVarint();
        if (n > (ulong)(bytes.Length - position))
        {
            throw new FormatException($"{what}: length {n} at byte {position} exceeds the {bytes.Length - position} bytes left.");
        }

        return (int)n;
    }

    public readonly void ExpectEnd()
    {
        if (!AtEnd)
        {
            throw new FormatException($"{what}: {bytes.Length - position} bytes left over after byte {position}.");
        }
    }

    /// <summary>An error naming what was read and where the reading stood.</summary>
    public readonly FormatException Malformed(string detail) => new($"{what}: {detail} (byte {position} of {bytes.Length}).");

    private readonly FormatException Truncated() => new($"{what}: truncated at byte {position} of {bytes.Length}.");
}
