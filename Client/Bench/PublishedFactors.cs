using MusicRecs.GrainInterfaces;
using MusicRecs.Grains.Factorization;

namespace MusicRecs.Client.Bench;

/// <summary>
/// A published model's factors read back from its durable snapshot blocks, and how far they are from a
/// single-process model: the largest absolute difference of any component (rows must match one to one).
/// </summary>
internal static class PublishedFactors
{
    public static async Task<float[]> ReadAsync(IClusterClient client, string model, PublishedModel published, string side)
    {
        var rows = side == CatalogKind.Users ? published.Users : published.Artists;
        var version = side == CatalogKind.Users ? published.UserSnapshot : published.ArtistSnapshot;
        var k = published.Options.Factors;
        var data = new float[rows * k];
        for (var b = 0; b < SnapshotKeys.Blocks(rows); b++)
        {
            var block = await client.GetGrain<IFactorBlockGrain>(SnapshotKeys.Block(model, published.RunId, side, version, b)).Read()
                ?? throw new InvalidOperationException($"block {b} of the {side} factors of published version {published.Version} is missing");
            block.Floats.CopyTo(data.AsSpan(block.FirstRow * k));
        }

        return data;
    }

    /// <summary>max |cluster - single| over every component, or +infinity when the shapes differ.</summary>
    public static double MaxDifference(FactorMatrix expected, float[] actual)
    {
        var k = expected.Factors;
        if (actual.Length != expected.Rows * k)
        {
            return double.PositiveInfinity;
        }

        var max = 0.0;
        for (var r = 0; r < expected.Rows; r++)
        {
            var row = expected.Vector(r);
            for (var f = 0; f < k; f++)
            {
                max = Math.Max(max, Math.Abs(row[f] - actual[(r * k) + f]));
            }
        }

        return max;
    }
}
