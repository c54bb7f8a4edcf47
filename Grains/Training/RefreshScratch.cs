using MusicRecs.Grains.Factorization;

namespace MusicRecs.Grains.Training;

/// <summary>One thread's reusable buffers for artist refreshes: listener rows, their confidence excess, the solver's scratch.</summary>
internal sealed class RefreshScratch(int stride)
{
    private FactorMatrix? _rows;
    private float[] _excess = [];
    private int[] _indexes = [];
    private readonly float[] _x = new float[stride];

    public int Stride { get; } = stride;

    public SolverWorkspace Workspace { get; } = new(stride);

    /// <summary>A matrix with at least <paramref name="rows"/> rows of k factors (contents undefined) and an excess buffer as long.</summary>
    public (FactorMatrix Rows, float[] Excess) Rows(int rows, int factors)
    {
        if (_rows is null || _rows.Rows < rows || _rows.Factors != factors)
        {
            var capacity = Math.Max(rows, (_rows?.Rows ?? 0) * 2);
            _rows = new FactorMatrix(Math.Max(capacity, 16), factors);
            _excess = new float[_rows.Rows];
        }

        return (_rows, _excess);
    }

    /// <summary>The solver's vector (padded row), holding <paramref name="start"/> (k components) or zeros.</summary>
    public Span<float> Start(float[]? start)
    {
        _x.AsSpan().Clear();
        start?.CopyTo(_x, 0);
        return _x;
    }

    /// <summary>0, 1, ..., count - 1: the rows of <see cref="Rows"/> in use.</summary>
    public ReadOnlySpan<int> Indexes(int count)
    {
        if (_indexes.Length < count)
        {
            _indexes = [.. Enumerable.Range(0, Math.Max(count, _indexes.Length * 2))];
        }

        return _indexes.AsSpan(0, count);
    }
}
