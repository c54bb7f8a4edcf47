namespace MusicRecs.Client.Results;

/// <summary><c>split --json</c>: what was written where.</summary>
internal sealed record SplitResult(string By, int Seed, double TestFraction, string Train, string Test, int TrainRows, int TestRows, int TestUsers);
