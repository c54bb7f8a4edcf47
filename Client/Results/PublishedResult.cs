using MusicRecs.GrainInterfaces;

namespace MusicRecs.Client.Results;

/// <summary>The published model version, inside <c>status</c>.</summary>
internal sealed record PublishedResult(string Model, int Version, string RunId, int Users, int Artists, int Factors, DateTimeOffset Published, TrainingOptionsResult Options)
{
    public static PublishedResult Of(PublishedModel p) =>
        new(p.Model, p.Version, p.RunId, p.Users, p.Artists, p.Options.Factors, p.Published, TrainingOptionsResult.Of(p.Options));
}
