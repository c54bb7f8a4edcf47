namespace MusicRecs.Silo.Http;

/// <summary>Checks <c>MusicRecs:Http</c>, naming the bad setting.</summary>
public static class HttpSettingsValidator
{
    private const string H = "MusicRecs:Http";

    public static void Validate(HttpSettings http)
    {
        if (!http.Enabled)
        {
            return;
        }

        var urls = Urls(http);
        if (urls.Count == 0)
        {
            throw new SiloConfigurationException($"{H}:Urls is empty: give at least one http:// address, or set {H}:Enabled to false.");
        }

        foreach (var url in urls)
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp || uri.AbsolutePath != "/")
            {
                throw new SiloConfigurationException($"{H}:Urls '{url}' is not an http://host:port address.");
            }
        }

        if (http.WritesPerSecond is < 1 or > 1_000_000)
        {
            throw new SiloConfigurationException($"{H}:WritesPerSecond {http.WritesPerSecond} is out of range (1-1000000).");
        }

        if (http.MaxBatch is < 1 or > 100_000)
        {
            throw new SiloConfigurationException($"{H}:MaxBatch {http.MaxBatch} is out of range (1-100000).");
        }

        if (http.MaxRequestBytes is < 1024 or > 1L << 30)
        {
            throw new SiloConfigurationException($"{H}:MaxRequestBytes {http.MaxRequestBytes} is out of range (1024-1073741824).");
        }

        var keys = Keys(http.ApiKeys).Select(k => (Source: $"{H}:ApiKeys", Key: k))
            .Concat(Keys(Environment.GetEnvironmentVariable(HttpSettings.KeyVariable)).Select(k => (Source: HttpSettings.KeyVariable, Key: k)));
        foreach (var (source, key) in keys)
        {
            if (key.Length < 16)
            {
                // The key itself is never shown.
                throw new SiloConfigurationException($"{source} holds a key of {key.Length} characters: keys need at least 16.");
            }
        }
    }

    public static IReadOnlyList<string> Urls(HttpSettings http) =>
        http.Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public static IReadOnlyList<string> Keys(string? keys) =>
        (keys ?? "").Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
