using System.Collections.Concurrent;

namespace MusicRecs.Tests.Faults;

/// <summary>
/// The faults of every faulty storage, by test cluster and storage name, so a test switches faults at run
/// time on storage the silos built. Each (cluster, storage) gets its own random, seeded from both names.
/// </summary>
public static class FaultRegistry
{
    private static readonly ConcurrentDictionary<(string Cluster, string Storage), StorageFaults> Faults = new();

    public static StorageFaults For(string cluster, string storage) =>
        Faults.GetOrAdd((cluster, storage), key => new StorageFaults(StableSeed($"{key.Cluster}/{key.Storage}")));

    /// <summary>Forgets a cluster's faults once its test ends.</summary>
    public static void Remove(string cluster)
    {
        foreach (var key in Faults.Keys.Where(k => k.Cluster == cluster))
        {
            Faults.TryRemove(key, out _);
        }
    }

    /// <summary>FNV-1a of the text: string.GetHashCode differs between processes.</summary>
    private static int StableSeed(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)hash;
    }
}
