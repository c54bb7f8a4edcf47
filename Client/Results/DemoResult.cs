namespace MusicRecs.Client.Results;

/// <summary><c>demo --json</c>.</summary>
internal sealed record DemoResult(Dictionary<string, object> Als, Dictionary<string, object> Popularity, List<DemoSample> Samples);
