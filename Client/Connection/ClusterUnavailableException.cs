namespace MusicRecs.Client.Connection;

/// <summary>No silo answered within the connect timeout; the message says where the client looked and what to do.</summary>
internal sealed class ClusterUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
