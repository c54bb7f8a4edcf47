using System.Globalization;

namespace MusicRecs.Silo.Http;

/// <summary>
/// Producer and sequence of the play events POST /api/plays publishes. A play with a client id gets a pair
/// derived from the id alone, so a retried request carries the same pairs and the user grain applies each once:
/// an id ending in a number without leading zeros ("phone-7:1042") is producer "http-id/phone-7:" with sequence
/// 1042 (a client numbering its plays keeps one producer, whose recent sequences the grain remembers as ranges);
/// any other id is a producer of its own ("http-id=" + id) with sequence 0. Distinct ids never share a pair.
/// Plays without an id get this process's producer and a rising sequence: they are never deduplicated.
/// </summary>
public static class PlayIds
{
    public const int MaxIdLength = 128;
    private const int MaxDigits = 18;

    private static long _sequence = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1000;

    /// <summary>This process as a producer of plays without ids.</summary>
    public static string Producer { get; } = $"http/{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..8]}";

    public static (string Producer, long Sequence) Next() => (Producer, Interlocked.Increment(ref _sequence));

    public static (string Producer, long Sequence) FromId(string id)
    {
        var digits = 0;
        while (digits < id.Length && char.IsAsciiDigit(id[^(digits + 1)]))
        {
            digits++;
        }

        // The number is the trailing digits from the first non-zero one ("0" when they are all zeros).
        var start = id.Length - digits;
        while (start < id.Length - 1 && id[start] == '0')
        {
            start++;
        }

        var number = id[start..];
        if (digits == 0 || number.Length > MaxDigits)
        {
            return ("http-id=" + id, 0);
        }

        return ("http-id/" + id[..start], long.Parse(number, NumberStyles.None, CultureInfo.InvariantCulture));
    }
}
