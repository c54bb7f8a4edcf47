namespace MusicRecs.Grains.Data;

/// <summary>A row that could not be used, with its 1-based line number and why.</summary>
public readonly record struct BadRow(string File, long Line, string Reason)
{
    public override string ToString() => $"{File}:{Line}: {Reason}";
}
