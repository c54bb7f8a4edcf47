namespace MusicRecs.Grains.Data;

/// <summary>A loaded dataset; <see cref="Rows"/> counts rows read before duplicates were summed.</summary>
public sealed record LoadResult(Dataset Dataset, long Rows, long BadRows, IReadOnlyList<BadRow> FirstBadRows);
