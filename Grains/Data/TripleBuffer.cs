namespace MusicRecs.Grains.Data;

/// <summary>
/// Growable (row, column, value) arrays: 12 bytes a row, so tens of millions of rows fit where a
/// list of row objects would not.
/// </summary>
internal sealed class TripleBuffer
{
    private int[] _rows;
    private int[] _columns;
    private float[] _values;

    public TripleBuffer(int capacity = 1 << 16)
    {
        capacity = Math.Max(capacity, 16);
        _rows = new int[capacity];
        _columns = new int[capacity];
        _values = new float[capacity];
    }

    public int Count { get; private set; }

    public ReadOnlySpan<int> Rows => _rows.AsSpan(0, Count);

    public ReadOnlySpan<int> Columns => _columns.AsSpan(0, Count);

    public ReadOnlySpan<float> Values => _values.AsSpan(0, Count);

    public void Add(int row, int column, float value)
    {
        if (Count == _rows.Length)
        {
            Grow();
        }

        _rows[Count] = row;
        _columns[Count] = column;
        _values[Count] = value;
        Count++;
    }

    private void Grow()
    {
        if (_rows.Length >= Array.MaxLength)
        {
            throw new InvalidOperationException($"More than {Array.MaxLength} rows do not fit in one matrix.");
        }

        // Growing by half rather than doubling keeps the spare room of a very large load modest.
        var size = (int)Math.Min(Array.MaxLength, _rows.Length + Math.Max(_rows.Length / 2, 16L));
        Array.Resize(ref _rows, size);
        Array.Resize(ref _columns, size);
        Array.Resize(ref _values, size);
    }
}
