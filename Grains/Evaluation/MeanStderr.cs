namespace MusicRecs.Grains.Evaluation;

/// <summary>The mean of a few measurements and its standard error (sample sd / sqrt n; NaN for n = 1).</summary>
public readonly record struct MeanStderr(double Mean, double Stderr, int Count)
{
    public static MeanStderr Of(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            return new MeanStderr(double.NaN, double.NaN, 0);
        }

        var mean = values.Average();
        if (values.Count == 1)
        {
            return new MeanStderr(mean, double.NaN, 1);
        }

        var variance = values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1);
        return new MeanStderr(mean, Math.Sqrt(variance / values.Count), values.Count);
    }
}
