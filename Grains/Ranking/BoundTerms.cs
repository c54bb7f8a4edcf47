namespace MusicRecs.Grains.Ranking;

/// <summary>
/// Per-query terms of <see cref="QuantizedFactors"/>' bound: the query's scale t (<see cref="Step"/>), |x|
/// and |e|, so that bound_i = t s_i (p.q_i) -/+ (|x| |r_i| + |e| |s_i q_i|).
/// </summary>
internal readonly record struct BoundTerms(float Step, float QueryNorm, float ErrorNorm);
