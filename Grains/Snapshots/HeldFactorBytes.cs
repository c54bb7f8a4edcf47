namespace MusicRecs.Grains.Snapshots;

/// <summary>
/// Bytes of factor rows held by this silo's grains outside the snapshot cache: active factor blocks and
/// the rows user grains keep. Grains add what they take and subtract what they drop; read for reporting.
/// </summary>
public sealed class HeldFactorBytes
{
    private long _blocks;
    private long _userRows;

    public long Blocks => Interlocked.Read(ref _blocks);

    public long UserRows => Interlocked.Read(ref _userRows);

    public void AddBlocks(long bytes) => Interlocked.Add(ref _blocks, bytes);

    public void AddUserRows(long bytes) => Interlocked.Add(ref _userRows, bytes);
}
