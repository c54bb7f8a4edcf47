namespace MusicRecs.Grains.Cluster;

public static class ModelNames
{
    /// <summary>The model that queries serve.</summary>
    public const string Default = "default";
}
