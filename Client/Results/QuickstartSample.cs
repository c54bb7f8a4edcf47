namespace MusicRecs.Client.Results;

/// <summary>A user shown by <c>quickstart</c>: most played artists beside the cluster's recommendations.</summary>
internal sealed record QuickstartSample(string User, TopArtistResult[] TopArtists, int ModelVersion, string Source, ScoredArtistResult[] Artists);
