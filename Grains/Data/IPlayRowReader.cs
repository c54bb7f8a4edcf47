namespace MusicRecs.Grains.Data;

/// <summary>Streams the usable rows of one listening-data file and reports the rest.</summary>
public interface IPlayRowReader
{
    string Path { get; }

    /// <summary>Display names by artist id; complete once <see cref="Read"/> has been enumerated to the end.</summary>
    IReadOnlyDictionary<string, string> ArtistNames { get; }

    /// <summary>Yields good rows in file order; bad rows go to <paramref name="badRows"/> and reading goes on.</summary>
    IEnumerable<PlayRow> Read(BadRowLog badRows);
}
