using System.CommandLine;
using MusicRecs.Client.Output;

namespace MusicRecs.Client.Connection;

/// <summary>One run of a <see cref="ClusterCommand"/>: what was parsed, where output goes, which cluster.</summary>
internal sealed record ClusterCall(ParseResult Parse, Reporter Report, ClusterSettings Settings, CancellationToken Cancellation)
{
    public Task<ClusterConnection> ConnectAsync() => ClusterConnection.ConnectAsync(Settings, Cancellation);
}
