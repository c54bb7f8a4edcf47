using System.Collections.Immutable;
using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MusicRecs.Silo.Http;

/// <summary>Parses query and body values, answering 400 with the field's name for anything out of range.</summary>
public static class Query
{
    public const int MaxIdLength = 256;
    public const int MaxN = 500;

    /// <summary>The first problem of the checks (all of which have run), or null.</summary>
    public static ProblemHttpResult? First(params ProblemHttpResult?[] problems) => problems.FirstOrDefault(p => p is not null);

    public static ProblemHttpResult? Int(string? text, string field, int fallback, int min, int max, out int value)
    {
        value = fallback;
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out value))
        {
            return Problems.BadField(field, $"'{Problems.Shorten(text)}' is not a whole number.");
        }

        return Range(value, field, min, max);
    }

    public static ProblemHttpResult? Range(int value, string field, int min, int max) =>
        value < min || value > max ? Problems.BadField(field, $"{value} is out of range: it must be between {min} and {max}.") : null;

    public static ProblemHttpResult? Bool(string? text, string field, out bool value)
    {
        value = false;
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return bool.TryParse(text, out value) ? null : Problems.BadField(field, $"'{Problems.Shorten(text)}' is not true or false.");
    }

    /// <summary>A comma-separated list of ids (may be empty).</summary>
    public static ProblemHttpResult? Ids(string? text, string field, out ImmutableArray<string> ids)
    {
        ids = [.. (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
        return ids.FirstOrDefault(i => i.Length > MaxIdLength) is { } tooLong ? Id(tooLong, field) : null;
    }

    /// <summary>A user or artist id: not blank, at most <see cref="MaxIdLength"/> characters.</summary>
    public static ProblemHttpResult? Id(string? id, string field) =>
        string.IsNullOrWhiteSpace(id) ? Problems.BadField(field, "must not be empty.")
        : id.Length > MaxIdLength ? Problems.BadField(field, $"is {id.Length} characters long; at most {MaxIdLength} are accepted.")
        : null;

    /// <summary>A play count: positive, finite, at most 1e15 (as the data readers accept it).</summary>
    public static ProblemHttpResult? Count(double? count, string field) =>
        count is { } c && (!double.IsFinite(c) || c <= 0 || c > 1e15)
            ? Problems.BadField(field, $"{c.ToString("G", CultureInfo.InvariantCulture)} is not a play count: it must be positive, finite and at most 1e15.")
            : null;
}
