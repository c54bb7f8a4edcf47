namespace MusicRecs.Grains.Ranking;

/// <summary>
/// The blocks of a <see cref="QuantizedFactors"/> copy in decreasing reach, each block's codes and row terms
/// stored at its position in that order ("slot"), so that a scan which stops at the first block that cannot
/// reach the top reads memory front to back (visiting blocks in place in that order would jump through the
/// whole copy, one cache miss per block).
/// <para>
/// The reach of a block is an upper bound on |y_i| for each of its rows, with room for the float dot's
/// rounding: the largest |s_i q_i| + |r_i| (each already rounded up with the slack), so that |x| times it
/// bounds every float score x.y_i of the block (Cauchy-Schwarz).
/// </para>
/// </summary>
internal sealed class ReachLayout
{
    private readonly float[] _reach;
    private readonly int[] _blocks;

    public ReachLayout(QuantizedFactors codes, sbyte[] rowCodes, float[] scales, int[] offsets, float[] residualNorms, float[] codeNorms)
    {
        const int Rows = QuantizedFactors.BlockRows;
        var blocks = codes.Blocks;
        _reach = new float[blocks];
        for (var b = 0; b < blocks; b++)
        {
            var reach = 0f;
            for (var r = b * Rows; r < Math.Min(codes.Rows, (b + 1) * Rows); r++)
            {
                reach = MathF.Max(reach, QuantizedFactors.RoundUp((double)codeNorms[r] + residualNorms[r]));
            }

            _reach[b] = reach;
        }

        _blocks = [.. Enumerable.Range(0, blocks).OrderByDescending(b => _reach[b]).ThenBy(b => b)];
        var blockBytes = codes.Groups * QuantizedFactors.GroupBytes;
        Codes = new sbyte[rowCodes.Length];
        Scales = new float[scales.Length];
        Offsets = new int[offsets.Length];
        ResidualNorms = new float[residualNorms.Length];
        CodeNorms = new float[codeNorms.Length];
        for (var slot = 0; slot < blocks; slot++)
        {
            var b = _blocks[slot];
            rowCodes.AsSpan(b * blockBytes, blockBytes).CopyTo(Codes.AsSpan(slot * blockBytes));
            scales.AsSpan(b * Rows, Rows).CopyTo(Scales.AsSpan(slot * Rows));
            offsets.AsSpan(b * Rows, Rows).CopyTo(Offsets.AsSpan(slot * Rows));
            residualNorms.AsSpan(b * Rows, Rows).CopyTo(ResidualNorms.AsSpan(slot * Rows));
            codeNorms.AsSpan(b * Rows, Rows).CopyTo(CodeNorms.AsSpan(slot * Rows));
        }
    }

    /// <summary>The block stored at <paramref name="slot"/> (its rows are block * 16 and on).</summary>
    public int Block(int slot) => _blocks[slot];

    /// <summary>The reach of the block at <paramref name="slot"/>; never larger than the one before it.</summary>
    public float Reach(int slot) => _reach[_blocks[slot]];

    /// <summary>Codes, block after block in slot order (the layout of <see cref="QuantizedFactors"/> within a block).</summary>
    public sbyte[] Codes { get; }

    /// <summary>Per-row terms, 16 to a slot.</summary>
    public float[] Scales { get; }

    public int[] Offsets { get; }

    public float[] ResidualNorms { get; }

    public float[] CodeNorms { get; }
}
