namespace MusicRecs.Client.Connection;

/// <summary>How the client finds the cluster: a silo's gateway on this machine, or Azure Table membership.</summary>
internal sealed record ClusterSettings
{
    public const string Localhost = "localhost";
    public const string Azure = "azure";
    public const string MemoryStreams = "memory";
    public const string AzureStreams = "azure";

    public string Clustering { get; init; } = Localhost;

    public int GatewayPort { get; init; } = ClusterOptionSet.DefaultGatewayPort;

    public string? ConnectionString { get; init; }

    public string ClusterId { get; init; } = ClusterOptionSet.DefaultId;

    public string ServiceId { get; init; } = ClusterOptionSet.DefaultId;

    public string Model { get; init; } = ClusterOptionSet.DefaultModel;

    /// <summary>How plays are published: <see cref="MemoryStreams"/> (the silo's in-memory queues) or <see cref="AzureStreams"/>.</summary>
    public string Streams { get; init; } = MemoryStreams;

    /// <summary>Azure Storage connection string of the play queues (<see cref="AzureStreams"/> only).</summary>
    public string? StreamsConnectionString { get; init; }

    /// <summary>PFX of the cluster's TLS certificate (silos with <c>MusicRecs:Tls:Enabled</c>), or null for plain TCP.</summary>
    public string? TlsCertificatePath { get; init; }

    /// <summary>Password of <see cref="TlsCertificatePath"/> (none when null).</summary>
    public string? TlsCertificatePassword { get; init; }

    /// <summary>How long connecting may take before the cluster counts as unreachable.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(15);

    public string Describe() => (Clustering == Azure
        ? $"Azure Table clustering (cluster '{ClusterId}', service '{ServiceId}')"
        : $"127.0.0.1:{GatewayPort}") + (TlsCertificatePath is null ? "" : " over TLS");
}
