namespace MusicRecs.Grains.Hosting;

/// <summary>
/// Names of the grain storage providers the grains use. Memory by default; with Azure, the growing
/// ones (catalog, users, artists, snapshots) are Azure Blob, the small one (training) Azure Table.
/// </summary>
public static class StorageNames
{
    public const string Catalog = "catalog";
    public const string Users = "users";
    public const string Artists = "artists";
    public const string Snapshots = "snapshots";
    public const string Training = "training";
    public const string PubSub = "PubSubStore";

    /// <summary>Providers whose state can grow past Azure Table's entity limit.</summary>
    public static readonly IReadOnlyList<string> Large = [Catalog, Users, Artists, Snapshots];

    public static readonly IReadOnlyList<string> Small = [Training, PubSub];
}
