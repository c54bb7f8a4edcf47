namespace MusicRecs.Grains.Ingest;

/// <summary>What an artist activation keeps between live refreshes (see <see cref="ArtistRefresher"/>); never stored.</summary>
public sealed class ArtistLiveState
{
    /// <summary>Folded-in factors of listeners that played since the published model, by user index.</summary>
    public Dictionary<int, float[]> Listeners { get; } = [];

    /// <summary>The published version <see cref="Listeners"/> belong to.</summary>
    public int Version { get; set; }

    /// <summary>This artist's last refreshed factor (k components) and the model version it belongs to.</summary>
    public (int Version, float[] Factor)? Refreshed { get; set; }
}
