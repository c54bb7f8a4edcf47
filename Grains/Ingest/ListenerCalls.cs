using MusicRecs.GrainInterfaces;

namespace MusicRecs.Grains.Ingest;

/// <summary>A flush's changes as one call per artist.</summary>
public static class ListenerCalls
{
    /// <summary>
    /// Groups by artist keeping arrival order within an artist (a listener's latest factor comes last):
    /// per artist its changes and their positions in <paramref name="entries"/>.
    /// </summary>
    public static List<(int Artist, ListenerPlay[] Plays, int[] Entries)> Group(ReadOnlySpan<ListenerChange> entries)
    {
        var keys = new long[entries.Length];
        for (var i = 0; i < keys.Length; i++)
        {
            keys[i] = ((long)entries[i].Artist << 32) | (uint)i;
        }

        Array.Sort(keys);
        var calls = new List<(int Artist, ListenerPlay[] Plays, int[] Entries)>();
        for (var start = 0; start < keys.Length;)
        {
            var artist = (int)(keys[start] >> 32);
            var end = start;
            while (end < keys.Length && (int)(keys[end] >> 32) == artist)
            {
                end++;
            }

            var plays = new ListenerPlay[end - start];
            var positions = new int[end - start];
            for (var t = start; t < end; t++)
            {
                positions[t - start] = (int)(uint)keys[t];
                plays[t - start] = entries[positions[t - start]].Play;
            }

            calls.Add((artist, plays, positions));
            start = end;
        }

        return calls;
    }
}
