using Orleans.Runtime;

namespace MusicRecs.GrainInterfaces;

/// <summary>The play stream: provider name and namespace; the stream key is the user id.</summary>
public static class PlayStreams
{
    public const string Provider = "plays";
    public const string Namespace = "plays";

    public static StreamId For(string user) => StreamId.Create(Namespace, user);
}
