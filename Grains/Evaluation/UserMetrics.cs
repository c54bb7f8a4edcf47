namespace MusicRecs.Grains.Evaluation;

/// <summary>
/// Metrics of one user. <see cref="Auc"/> is NaN when every candidate is a test artist (no negatives).
/// The EPR parts are sums so that they can be pooled over all test pairs:
/// EPR = Σ PercentileSum / Σ Pairs and weighted EPR = Σ WeightedPercentileSum / Σ PlaySum.
/// </summary>
public readonly record struct UserMetrics(
    double Precision,
    double Recall,
    double Map,
    double Ndcg,
    double Auc,
    int Pairs,
    double PercentileSum,
    double WeightedPercentileSum,
    double PlaySum);
