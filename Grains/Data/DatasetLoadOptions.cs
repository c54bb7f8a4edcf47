namespace MusicRecs.Grains.Data;

public sealed record DatasetLoadOptions
{
    public static DatasetLoadOptions Default { get; } = new();

    public DatasetFormat Format { get; init; } = DatasetFormat.Auto;

    /// <summary>Skip and count bad rows instead of refusing the whole file.</summary>
    public bool SkipBadLines { get; init; }

    /// <summary>An <c>id&lt;TAB&gt;name...</c> file of artist names; HetRec files otherwise use <c>artists.dat</c> beside them.</summary>
    public string? ArtistsFile { get; init; }
}
