namespace MusicRecs.Silo.Http.Contracts;

/// <summary>A basket of artists with counts to recommend for, and how many answers.</summary>
public sealed class AnonymousRequest
{
    public List<BasketItem>? Basket { get; set; }

    public int? N { get; set; }

    public bool? IncludePlayed { get; set; }
}
