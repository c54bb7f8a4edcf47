using System.Text.Json.Serialization;
using MusicRecs.GrainInterfaces;

namespace MusicRecs.Client.Results;

/// <summary>The options of a cluster training run.</summary>
internal sealed record TrainingOptionsResult(int Factors, int Iterations, float Regularization, float Alpha, string Scheme, [property: JsonPropertyName("eps")] float Epsilon, string Solver, int CgSteps, int Seed, int Concurrency)
{
    public static TrainingOptionsResult Of(TrainingOptions o) =>
        new(o.Factors, o.Iterations, o.Regularization, o.Alpha, o.Scheme.Name(), o.Epsilon, o.Solver.Name(), o.CgSteps, o.Seed, o.Concurrency);
}
