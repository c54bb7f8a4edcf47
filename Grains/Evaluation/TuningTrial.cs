using MusicRecs.Grains.Factorization;

namespace MusicRecs.Grains.Evaluation;

/// <summary>
/// One setting tried by the tuner: its NDCG@10 on the validation draws (the mean when
/// <paramref name="Folds"/> &gt; 1, with its standard error).
/// </summary>
public sealed record TuningTrial(int Number, AlsOptions Options, double ValidationNdcg, TimeSpan Elapsed, double Stderr = double.NaN, int Folds = 1);
