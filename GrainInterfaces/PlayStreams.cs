using Orleans.Runtime;

namespace MusicRecs.GrainInterfaces;

/// <summary>
/// The play stream: provider name and namespace (the stream key is the user id), and the names of its Azure
/// queues, which silos and clients of one service must agree on (clients pick the queue of a stream from them).
/// </summary>
public static class PlayStreams
{
    public const string Provider = "plays";
    public const string Namespace = "plays";

    /// <summary>Azure queues of the play stream: a few, so a silo's pulling agents poll few queues.</summary>
    public const int QueueCount = 4;

    public static StreamId For(string user) => StreamId.Create(Namespace, user);

    /// <summary>Names of the play stream's Azure queues, <c>&lt;serviceid&gt;-plays-&lt;n&gt;</c>.</summary>
    public static IReadOnlyList<string> QueueNames(string serviceId)
    {
        var suffix = AzureNames.Clean(Provider);
        var prefix = AzureNames.Clean(serviceId);
        var room = 63 - suffix.Length - 4;
        if (prefix.Length > room)
        {
            prefix = prefix[..room].TrimEnd('-');
        }

        prefix = prefix.Length == 0 ? "musicrecs" : prefix;
        return [.. Enumerable.Range(0, QueueCount).Select(i => $"{prefix}-{suffix}-{i}")];
    }
}
