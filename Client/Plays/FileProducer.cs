using System.Security.Cryptography;
using MusicRecs.Grains.Plays;

namespace MusicRecs.Client.Plays;

/// <summary>
/// The producer id a client sends a file's plays under: a digest of the file's bytes, or a name given with
/// --producer. With each play numbered by its line in the file, the same file sent again (after a crash, a
/// timeout, an interrupted run) carries the same (producer, sequence) ids and applies nothing twice.
/// </summary>
internal static class FileProducer
{
    /// <summary><paramref name="prefix"/>-digest of the file's content (SHA-256, first 16 hex digits), or the given name.</summary>
    public static string For(string prefix, string path, string? name)
    {
        if (name is not null)
        {
            return Check(name);
        }

        using var file = File.OpenRead(path);
        return $"{prefix}-{Convert.ToHexStringLower(SHA256.HashData(file))[..16]}";
    }

    /// <summary>A producer name as the user grains accept it: not blank, at most <see cref="UserPlays.MaxIdLength"/> characters.</summary>
    public static string Check(string name) =>
        string.IsNullOrWhiteSpace(name) ? throw new ArgumentException("--producer is empty: give a name, or leave it out to use the file's digest.")
        : name.Length > UserPlays.MaxIdLength ? throw new ArgumentException($"--producer is {name.Length} characters long; at most {UserPlays.MaxIdLength} are accepted.")
        : name;

    /// <summary>A --limit: at least 1 row.</summary>
    public static long? CheckLimit(long? limit) =>
        limit is < 1 ? throw new ArgumentException($"--limit {limit} is out of range: it must be at least 1 row.") : limit;
}
