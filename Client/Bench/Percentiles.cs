namespace MusicRecs.Client.Bench;

/// <summary>Medians and percentiles of timings.</summary>
internal static class Percentiles
{
    /// <summary>The nearest-rank percentile <paramref name="q"/> of sorted values.</summary>
    public static double Of(List<double> sorted, double q)
    {
        var rank = (int)Math.Ceiling(q * sorted.Count) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Count - 1)];
    }

    /// <summary>The median (mean of the middle two for an even count), NaN for none.</summary>
    public static double Median(double[] values)
    {
        if (values.Length == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToArray();
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
