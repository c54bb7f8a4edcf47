using MusicRecs.Grains.Factorization;

namespace MusicRecs.Grains.Evaluation;

/// <summary>The chosen setting, its mean validation NDCG@10 over the draws and that mean's standard error.</summary>
public sealed record TuningResult(AlsOptions Best, double BestValidationNdcg, IReadOnlyList<TuningTrial> Trials, double Stderr = double.NaN, int Folds = 1);
