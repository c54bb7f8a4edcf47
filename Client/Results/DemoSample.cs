namespace MusicRecs.Client.Results;

/// <summary>A user shown by <c>demo</c>: most played artists and recommendations, by name.</summary>
internal sealed record DemoSample(string User, string[] TopArtists, string[] Recommended);
