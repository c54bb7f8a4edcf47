namespace MusicRecs.Grains.Cluster;

[GenerateSerializer, Alias("MusicRecs.UserState")]
public sealed class UserState
{
    [Id(0)] public int Index { get; set; } = -1;

    /// <summary>Plays per artist index.</summary>
    [Id(1)] public SortedCounts Plays { get; set; } = new();
}
