namespace MusicRecs.Silo;

/// <summary>Azure Storage connection strings, shown without their secrets.</summary>
public static class ConnectionStrings
{
    private static readonly string[] Shown =
    [
        "UseDevelopmentStorage", "DevelopmentStorageProxyUri", "DefaultEndpointsProtocol", "AccountName", "EndpointSuffix",
        "BlobEndpoint", "QueueEndpoint", "TableEndpoint", "FileEndpoint",
    ];

    /// <summary>The connection string with every value but account, protocol and endpoints replaced by ***.</summary>
    public static string Describe(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return "(none)";
        }

        var parts = connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(part =>
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                return "***";
            }

            var key = part[..eq];
            return Shown.Contains(key, StringComparer.OrdinalIgnoreCase) ? part : $"{key}=***";
        });
        return string.Join(';', parts);
    }
}
