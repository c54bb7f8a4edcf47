using MusicRecs.Client.Connection;
using MusicRecs.GrainInterfaces;

namespace MusicRecs.Client.Results;

/// <summary>A training run's state (<c>train</c>, <c>cancel</c>, and inside <c>status</c> and <c>quickstart</c>).</summary>
internal sealed record TrainingResult(
    string Model,
    string RunId,
    string Phase,
    int Iteration,
    int Iterations,
    int HalfSweepsDone,
    double[] Losses,
    double[] IterationSeconds,
    int PublishedVersion,
    double Elapsed,
    DateTimeOffset? Started,
    DateTimeOffset? Finished,
    string? Error,
    int Users,
    int Artists,
    int SolveCalls,
    int CrossSiloCalls,
    int Resumes,
    TrainingOptionsResult? Options)
{
    public static TrainingResult Of(TrainingStatus s) => new(
        s.Model,
        s.RunId,
        TrainingFollower.PhaseName(s.Phase).Replace(' ', '_'),
        s.Iteration,
        s.Iterations,
        s.HalfSweepsDone,
        [.. s.Losses],
        [.. s.IterationSeconds],
        s.PublishedVersion,
        TrainingFollower.Elapsed(s),
        s.Started,
        s.Finished,
        s.Error,
        s.Users,
        s.Artists,
        s.SolveCalls,
        s.CrossSiloCalls,
        s.Resumes,
        s.Options is null ? null : TrainingOptionsResult.Of(s.Options));
}
