using System.Globalization;

namespace MusicRecs.Grains.Data;

/// <summary>Validation shared by the readers, so every format accepts and rejects counts alike.</summary>
internal static class FieldParsing
{
    /// <summary>
    /// Above this a "play count" is a corrupt value rather than listening, and it would swamp
    /// every other count once turned into confidence.
    /// </summary>
    public const double MaxCount = 1e15;

    private const int MaxShown = 60;

    public static bool IsNumber(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _);

    public static bool TryCount(string text, out double count, out string reason)
    {
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out count))
        {
            reason = $"count {Show(text)} is not a number";
            return false;
        }

        if (!double.IsFinite(count))
        {
            reason = $"count {Show(text)} is not finite";
            return false;
        }

        if (count <= 0)
        {
            reason = $"count {Show(text)} is not positive";
            return false;
        }

        if (count > MaxCount)
        {
            reason = $"count {Show(text)} is larger than {MaxCount:0e0}";
            return false;
        }

        reason = string.Empty;
        return true;
    }

    /// <summary>Unix seconds or ISO-8601; an empty field means no timestamp.</summary>
    public static bool TryTimestamp(string text, out long? timestamp, out string reason)
    {
        reason = string.Empty;
        timestamp = null;
        if (text.Length == 0)
        {
            return true;
        }

        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seconds))
        {
            timestamp = seconds;
            return true;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var when))
        {
            timestamp = when.ToUnixTimeSeconds();
            return true;
        }

        reason = $"timestamp {Show(text)} is neither unix seconds nor ISO-8601";
        return false;
    }

    /// <summary>A field as it appears in a message, shortened so one huge field cannot flood it.</summary>
    public static string Show(string text) =>
        text.Length <= MaxShown ? $"\"{text}\"" : $"\"{text[..MaxShown]}...\"";
}
