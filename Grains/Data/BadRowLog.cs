namespace MusicRecs.Grains.Data;

/// <summary>
/// Counts the bad rows of one file and keeps the first few; keeping them all would let a
/// wholly malformed file of millions of rows exhaust memory.
/// </summary>
public sealed class BadRowLog
{
    private readonly List<BadRow> _kept = [];
    private readonly int _keep;

    public BadRowLog(string file, int keep = 10_000)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(keep);
        File = file;
        _keep = keep;
    }

    public string File { get; }

    public long Count { get; private set; }

    public IReadOnlyList<BadRow> Kept => _kept;

    public void Add(long line, string reason)
    {
        Count++;
        if (_kept.Count < _keep)
        {
            _kept.Add(new BadRow(File, line, reason));
        }
    }

    public DataFormatException ToException() => new(File, _kept.ToArray(), Count);
}
