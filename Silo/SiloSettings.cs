using MusicRecs.Grains.Hosting;

namespace MusicRecs.Silo;

/// <summary>The <c>MusicRecs</c> configuration section of the silo (appsettings, environment, command line).</summary>
public sealed class SiloSettings
{
    public const string SectionName = "MusicRecs";

    public ClusteringSettings Clustering { get; set; } = new();

    public StorageSettings Storage { get; set; } = new();

    public StreamsSettings Streams { get; set; } = new();

    /// <summary><c>MusicRecs:Tls</c>: TLS between silos and between clients and gateways (off by default).</summary>
    public TlsSettings Tls { get; set; } = new();

    /// <summary><c>MusicRecs:Live</c>: timing and sizes of the live path (see Silo/README.md).</summary>
    public LiveOptions Live { get; set; } = new();

    /// <summary><c>MusicRecs:Training</c>: how the orchestrator drives a distributed run.</summary>
    public TrainingRuntimeOptions Training { get; set; } = new();

    /// <summary><c>MusicRecs:Bench</c>: whether this silo hosts the benchmark grains (off by default).</summary>
    public BenchOptions Bench { get; set; } = new();

    /// <summary><c>MusicRecs:Http</c>: the HTTP API, web page, dashboard and metrics (see Silo/README.md).</summary>
    public Http.HttpSettings Http { get; set; } = new();
}

/// <summary><c>MusicRecs:Clustering</c>: how silos find each other, and this silo's endpoints.</summary>
public sealed class ClusteringSettings
{
    public const string Localhost = "Localhost";
    public const string AzureTable = "AzureTable";

    /// <summary><c>Localhost</c> (default) or <c>AzureTable</c>.</summary>
    public string Mode { get; set; } = Localhost;

    /// <summary>Azure Storage connection string of the membership table (AzureTable mode).</summary>
    public string? ConnectionString { get; set; }

    public string ClusterId { get; set; } = "musicrecs";

    /// <summary>Identifies the deployment's durable state (grain storage, reminders) across cluster restarts.</summary>
    public string ServiceId { get; set; } = "musicrecs";

    public int SiloPort { get; set; } = 11111;

    public int GatewayPort { get; set; } = 30000;

    /// <summary>Silo port of the primary silo that Localhost clustering joins (its own port for the first silo).</summary>
    public int PrimarySiloPort { get; set; } = 11111;

    /// <summary>Address other silos and clients reach this silo on (AzureTable mode; Localhost is always 127.0.0.1).</summary>
    public string AdvertisedIP { get; set; } = "127.0.0.1";
}

/// <summary><c>MusicRecs:Storage</c>: where grain state and reminders live.</summary>
public sealed class StorageSettings
{
    public const string Memory = "Memory";
    public const string Azure = "Azure";
    public const string OrleansSerializer = "Orleans";
    public const string JsonSerializer = "Json";

    /// <summary><c>Memory</c> (default) or <c>Azure</c> (Blob for large state, Table for small state and reminders).</summary>
    public string Mode { get; set; } = Memory;

    /// <summary>Azure Storage connection string (Azure mode).</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Format of state in blobs: <c>Orleans</c> (binary, default) or <c>Json</c>.</summary>
    public string BlobSerializer { get; set; } = OrleansSerializer;
}

/// <summary><c>MusicRecs:Streams</c>: which queues carry the play stream.</summary>
public sealed class StreamsSettings
{
    public const string Memory = "Memory";
    public const string AzureQueue = "AzureQueue";

    /// <summary><c>Memory</c> (default: silo-local queues) or <c>AzureQueue</c> (Azure Storage queues, shared by the cluster).</summary>
    public string Mode { get; set; } = Memory;

    /// <summary>Azure Storage connection string of the queues (AzureQueue mode; default: <c>Storage:ConnectionString</c> when Storage:Mode is Azure).</summary>
    public string? ConnectionString { get; set; }
}
