using MusicRecs.GrainInterfaces;
using MusicRecs.Grains.Factorization;

namespace MusicRecs.Tests.Processes;

/// <summary>The published model's factors of one side, read from its durable snapshot blocks.</summary>
internal static class PublishedFactors
{
    public static async Task<float[]> ReadAsync(IClusterClient client, string side, string model = "default")
    {
        var published = await client.GetGrain<ITrainingOrchestratorGrain>(model).GetPublished()
            ?? throw new InvalidOperationException($"model '{model}' has no published version.");
        var rows = side == CatalogKind.Users ? published.Users : published.Artists;
        var version = side == CatalogKind.Users ? published.UserSnapshot : published.ArtistSnapshot;
        var data = new float[rows * published.Options.Factors];
        for (var b = 0; b < SnapshotKeys.Blocks(rows); b++)
        {
            var key = SnapshotKeys.Block(model, published.RunId, side, version, b);
            var block = await client.GetGrain<IFactorBlockGrain>(key).Read()
                ?? throw new InvalidOperationException($"block {b} of the published {side} factors ({key}) is missing.");
            block.Floats.CopyTo(data.AsSpan(block.FirstRow * block.Factors));
        }

        return data;
    }

    /// <summary>A factor matrix's rows without their padding, in the layout of <see cref="ReadAsync"/>.</summary>
    public static float[] Compact(FactorMatrix matrix)
    {
        var data = new float[matrix.Rows * matrix.Factors];
        for (var r = 0; r < matrix.Rows; r++)
        {
            matrix.Vector(r).CopyTo(data.AsSpan(r * matrix.Factors));
        }

        return data;
    }

    /// <summary>The largest difference of any component, with where it is, or null when the shapes differ.</summary>
    public static (float Difference, int Row, int Component)? LargestDifference(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, int factors)
    {
        if (expected.Length != actual.Length)
        {
            return null;
        }

        var worst = (Difference: 0f, Row: -1, Component: -1);
        for (var i = 0; i < expected.Length; i++)
        {
            var d = MathF.Abs(expected[i] - actual[i]);
            if (d > worst.Difference || float.IsNaN(d))
            {
                worst = (float.IsNaN(d) ? float.PositiveInfinity : d, i / factors, i % factors);
            }
        }

        return worst;
    }
}
