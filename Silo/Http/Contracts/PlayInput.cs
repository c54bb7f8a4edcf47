namespace MusicRecs.Silo.Http.Contracts;

/// <summary>One play as POST /api/plays takes it. id (optional, unique per user, at most 128 characters) makes a retried request apply once; ids ending in a number number the plays of one producer.</summary>
public sealed class PlayInput
{
    public string? User { get; set; }

    public string? Artist { get; set; }

    public double? Count { get; set; }

    public DateTimeOffset? PlayedAt { get; set; }

    public string? Id { get; set; }
}
