namespace MusicRecs.Client.Connection;

/// <summary>A user or artist id that the cluster's catalog does not know: bad input, exit code 2.</summary>
internal sealed class UnknownIdException(string kind, string id) : Exception($"unknown {kind} '{id}'")
{
    public string Kind { get; } = kind;

    public string Id { get; } = id;
}
