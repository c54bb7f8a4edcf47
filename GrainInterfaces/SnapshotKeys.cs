using System.Globalization;

namespace MusicRecs.GrainInterfaces;

/// <summary>Grain keys of snapshot blocks and sweep workers, and the fixed block size of a partition.</summary>
public static class SnapshotKeys
{
    /// <summary>Rows per partition: dense index i belongs to partition i / BlockRows.</summary>
    public const int BlockRows = 4096;

    public static int Blocks(int rows) => (rows + BlockRows - 1) / BlockRows;

    public static string Block(string model, string runId, string side, int version, int block) =>
        string.Create(CultureInfo.InvariantCulture, $"{model}/{runId}/{side}/{version}/{block}");

    /// <summary>The grain that holds a snapshot's Gramian F^T F + lambda I (stored as a block of stride x stride floats).</summary>
    public static string Gramian(string model, string runId, string side, int version) =>
        string.Create(CultureInfo.InvariantCulture, $"{model}/{runId}/{side}/{version}/gramian");

    public static string Worker(string model, string side, int block) =>
        string.Create(CultureInfo.InvariantCulture, $"{model}/{side}/{block}");
}
