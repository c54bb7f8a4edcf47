using MusicRecs.GrainInterfaces;

namespace MusicRecs.Grains.Cluster;

/// <summary>
/// Where a catalog's rows live: index i in range partition i / <see cref="PartitionRows"/> (key "{kind}/{p}"),
/// id x in lookup partition FNV-1a(x) mod <see cref="LookupPartitions"/> (key "{kind}/{h}").
/// </summary>
public sealed record CatalogLayout(string Kind, int PartitionRows, int LookupPartitions)
{
    public int RangeOf(int index) => index / PartitionRows;

    /// <summary>FNV-1a (32-bit) over the id's UTF-16 code units, modulo the partitions: the same on every silo and run.</summary>
    public int LookupOf(string id)
    {
        var hash = 2166136261u;
        foreach (var c in id)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)(hash % (uint)LookupPartitions);
    }

    public ICatalogRangeGrain Range(IGrainFactory grains, int partition) => grains.GetGrain<ICatalogRangeGrain>($"{Kind}/{partition}");

    public ICatalogLookupGrain Lookup(IGrainFactory grains, int partition) => grains.GetGrain<ICatalogLookupGrain>($"{Kind}/{partition}");

    /// <summary>Indexes of the ids (-1 when unknown), one call per lookup partition involved.</summary>
    public async Task<int[]> FindAsync(IGrainFactory grains, IReadOnlyList<string> ids)
    {
        var result = new int[ids.Count];
        var groups = Enumerable.Range(0, ids.Count).GroupBy(k => LookupOf(ids[k])).ToArray();
        var answers = await Task.WhenAll(groups.Select(g => Lookup(grains, g.Key).Find([.. g.Select(k => ids[k])])));
        for (var g = 0; g < groups.Length; g++)
        {
            var positions = groups[g].ToArray();
            for (var k = 0; k < positions.Length; k++)
            {
                result[positions[k]] = answers[g][k];
            }
        }

        return result;
    }

    /// <summary>Writes the rows (indexes ascending) to their range and lookup partitions, all in parallel; idempotent.</summary>
    public Task StoreAsync(IGrainFactory grains, IReadOnlyList<CatalogSlot> slots) =>
        Task.WhenAll(StoreRangesAsync(grains, slots), Task.WhenAll(slots.GroupBy(s => LookupOf(s.Id)).Select(g => Lookup(grains, g.Key).Store([.. g]))));

    /// <summary>Writes the rows (indexes ascending) to their range partitions only (names of known ids); idempotent.</summary>
    public Task StoreRangesAsync(IGrainFactory grains, IReadOnlyList<CatalogSlot> slots) =>
        Task.WhenAll(slots.GroupBy(s => RangeOf(s.Index)).Select(g => Range(grains, g.Key).Store(g.Key * PartitionRows, [.. g])));

    /// <summary>
    /// Ids and names of indexes [start, start + count), reading only the range partitions covering it, and
    /// stopping at the first partition that holds fewer rows than the range asks of it (the end of the catalog).
    /// </summary>
    public async Task<ImmutableArray<CatalogEntry>> ReadAsync(IGrainFactory grains, int start, int count)
    {
        start = Math.Max(0, start);
        var end = (int)Math.Min(int.MaxValue, (long)start + Math.Max(0, count));
        if (end <= start)
        {
            return [];
        }

        var partitions = Enumerable.Range(RangeOf(start), RangeOf(end - 1) - RangeOf(start) + 1).ToArray();
        var parts = await Task.WhenAll(partitions.Select(p => Range(grains, p).Read(start, end - start)));
        var builder = ImmutableArray.CreateBuilder<CatalogEntry>();
        for (var k = 0; k < parts.Length; k++)
        {
            builder.AddRange(parts[k]);
            var wanted = Math.Min(end, (partitions[k] + 1L) * PartitionRows) - Math.Max(start, (long)partitions[k] * PartitionRows);
            if (parts[k].Length < wanted)
            {
                break;
            }
        }

        return builder.ToImmutable();
    }
}
