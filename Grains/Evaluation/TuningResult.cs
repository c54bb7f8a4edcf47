using MusicRecs.Grains.Factorization;

namespace MusicRecs.Grains.Evaluation;

public sealed record TuningResult(AlsOptions Best, double BestValidationNdcg, IReadOnlyList<TuningTrial> Trials);
