namespace MusicRecs.Grains.Data;

/// <summary>Shape of a generated listening dataset; the same options always give the same data.</summary>
public sealed record SyntheticOptions
{
    /// <summary>Small enough for a quick demo: about 2,000 users, 3,000 artists and 60-70k rows.</summary>
    public static SyntheticOptions Default { get; } = new();

    public int Users { get; init; } = 2_000;

    public int Artists { get; init; } = 3_000;

    public int Genres { get; init; } = 12;

    /// <summary>Popularity of the artist of rank r is proportional to 1 / r^ZipfExponent.</summary>
    public double ZipfExponent { get; init; } = 1.0;

    /// <summary>Median number of distinct artists a user plays (capped at the artist count).</summary>
    public double MedianArtistsPerUser { get; init; } = 30;

    /// <summary>Sigma of the log-normal number of distinct artists per user.</summary>
    public double ActivitySigma { get; init; } = 0.5;

    /// <summary>Median plays of one user for one artist.</summary>
    public double PlayCountMedian { get; init; } = 12;

    /// <summary>Sigma of the log-normal plays of one user for one artist.</summary>
    public double PlayCountSigma { get; init; } = 1.3;

    /// <summary>Share of a user's artists drawn from their favourite genres; the rest come from all artists.</summary>
    public double GenreAffinity { get; init; } = 0.8;

    public int Seed { get; init; } = 2026;

    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Users, 1, nameof(Users));
        ArgumentOutOfRangeException.ThrowIfLessThan(Artists, 1, nameof(Artists));
        ArgumentOutOfRangeException.ThrowIfLessThan(Genres, 1, nameof(Genres));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Genres, Artists, nameof(Genres));
        RequireFinite(ZipfExponent, 0, nameof(ZipfExponent));
        RequireFinite(ActivitySigma, 0, nameof(ActivitySigma));
        RequireFinite(PlayCountSigma, 0, nameof(PlayCountSigma));
        RequireFinite(MedianArtistsPerUser, double.Epsilon, nameof(MedianArtistsPerUser));
        RequireFinite(PlayCountMedian, double.Epsilon, nameof(PlayCountMedian));
        RequireFinite(GenreAffinity, 0, nameof(GenreAffinity));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(GenreAffinity, 1, nameof(GenreAffinity));
    }

    private static void RequireFinite(double value, double min, string name)
    {
        if (!double.IsFinite(value) || value < min)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be a finite number of at least {min}.");
        }
    }
}
