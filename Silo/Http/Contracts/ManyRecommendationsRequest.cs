namespace MusicRecs.Silo.Http.Contracts;

/// <summary>Recommendations for many users in one call.</summary>
public sealed class ManyRecommendationsRequest
{
    public List<string>? Users { get; set; }

    public int? N { get; set; }

    public bool? IncludePlayed { get; set; }

    public List<string>? Exclude { get; set; }

    public List<string>? Only { get; set; }
}
