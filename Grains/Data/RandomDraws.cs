namespace MusicRecs.Grains.Data;

internal static class RandomDraws
{
    /// <summary>A standard normal draw (Box-Muller); 1 - NextDouble keeps the logarithm finite.</summary>
    public static double NextGaussian(this Random random)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>A log-normal draw with the given median, as listening counts and activity are.</summary>
    public static double NextLogNormal(this Random random, double median, double sigma) =>
        median * Math.Exp(sigma * random.NextGaussian());
}
