namespace MusicRecs.Silo.Http.Contracts;

/// <summary>An artist of an anonymous basket with its play count (default 1).</summary>
public sealed class BasketItem
{
    public string? Artist { get; set; }

    public double? Count { get; set; }
}
