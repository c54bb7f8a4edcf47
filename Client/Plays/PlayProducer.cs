using System.Globalization;
using MusicRecs.GrainInterfaces;

namespace MusicRecs.Client.Plays;

/// <summary>
/// This process as a producer of play events: a producer id unique per run of the tool, and rising sequence
/// numbers, so the user grain applies each play once (by producer and sequence).
/// </summary>
internal static class PlayProducer
{
    public const double MaxCount = 1e15;

    /// <summary>Most plays of one user in one stream event.</summary>
    public const int MaxBatch = 100_000;

    private static long _sequence = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    public static string Producer { get; } = $"musicrecs/{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>The next sequence number of this producer: rising, starting from the unix time in milliseconds at start.</summary>
    public static long NextSequence() => Interlocked.Increment(ref _sequence);

    /// <summary>One play with the next sequence number.</summary>
    public static PlayEvent Play(string artist, float count, long timestamp) => new(artist, count, timestamp, Producer, NextSequence());

    /// <summary>One event of a user's plays, each play with the next sequence number.</summary>
    public static PlayBatch Batch(string user, IEnumerable<(string Artist, float Count, long Timestamp)> plays) =>
        new(user, [.. plays.Select(p => Play(p.Artist, p.Count, p.Timestamp))]);

    /// <summary>A play count as the readers accept it: positive, finite, at most 1e15.</summary>
    public static double CheckCount(double count, string name)
    {
        if (!double.IsFinite(count) || count <= 0 || count > MaxCount)
        {
            throw new ArgumentException($"{name} {count.ToString("G", CultureInfo.InvariantCulture)} is not a play count: it must be positive, finite and at most 1e15.");
        }

        return count;
    }

    /// <summary>A batch size within 1 and <see cref="MaxBatch"/>.</summary>
    public static int CheckBatch(int size) =>
        size is < 1 or > MaxBatch ? throw new ArgumentException($"--batch {size} is out of range: it must be between 1 and {MaxBatch:N0}.") : size;
}
