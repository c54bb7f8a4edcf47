namespace MusicRecs.Client.Offline;

/// <summary>How <c>tune</c> draws its validation sets: how many, their seed, and the held-out share (null: the test set's).</summary>
internal sealed record TuneDraws(int Folds, int Seed, double? Fraction);
