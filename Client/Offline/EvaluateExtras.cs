namespace MusicRecs.Client.Offline;

/// <summary>What <c>evaluate</c> measures beyond one training run: seeds, live freshness, new listeners.</summary>
internal sealed record EvaluateExtras(int Seeds, bool Live, double? NewUsers);
