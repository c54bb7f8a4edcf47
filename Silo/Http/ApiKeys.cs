using System.Security.Cryptography;
using System.Text;

namespace MusicRecs.Silo.Http;

/// <summary>
/// The API keys of this silo (configuration and <see cref="HttpSettings.KeyVariable"/>), held as SHA-256
/// digests and compared in constant time against every key; a key is never logged or echoed.
/// </summary>
public sealed class ApiKeys
{
    public const string Header = "X-Api-Key";

    /// <summary>The cookie the dashboard and the web page carry the key in once it was given.</summary>
    public const string Cookie = "musicrecs_key";

    private readonly byte[][] _digests;

    public ApiKeys(HttpSettings settings)
        : this(HttpSettingsValidator.Keys(settings.ApiKeys).Concat(HttpSettingsValidator.Keys(Environment.GetEnvironmentVariable(HttpSettings.KeyVariable))))
    {
        RequireForReads = settings.RequireKeyForReads;
    }

    private ApiKeys(IEnumerable<string> keys) => _digests = [.. keys.Distinct(StringComparer.Ordinal).Select(Digest)];

    public bool Configured => _digests.Length > 0;

    public int Count => _digests.Length;

    public bool RequireForReads { get; }

    public KeyCheck Check(string? presented)
    {
        if (!Configured)
        {
            return KeyCheck.NoneConfigured;
        }

        if (string.IsNullOrEmpty(presented))
        {
            return KeyCheck.Missing;
        }

        var digest = Digest(presented);
        var match = false;
        foreach (var known in _digests)
        {
            // No early exit: the time taken does not depend on which key (if any) matched.
            match |= CryptographicOperations.FixedTimeEquals(digest, known);
        }

        return match ? KeyCheck.Valid : KeyCheck.Wrong;
    }

    private static byte[] Digest(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}
