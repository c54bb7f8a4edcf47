using MusicRecs.Grains.Factorization;

namespace MusicRecs.Grains.Evaluation;

/// <summary>One setting tried by the tuner and its NDCG@10 on the validation split.</summary>
public sealed record TuningTrial(int Number, AlsOptions Options, double ValidationNdcg, TimeSpan Elapsed);
