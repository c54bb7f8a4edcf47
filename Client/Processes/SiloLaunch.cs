namespace MusicRecs.Client.Processes;

/// <summary>
/// How to start one silo process: its configuration arguments (<c>--MusicRecs:...=value</c>), settings passed as
/// environment variables (kept off the command line), and a log file, or none to keep its output in memory.
/// </summary>
internal sealed record SiloLaunch(string Name, int SiloPort, int GatewayPort, IReadOnlyList<string> Arguments)
{
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    public string? LogPath { get; init; }

    /// <summary>Adds to the log file instead of emptying it first: a restart keeps the lines of the silo it replaces.</summary>
    public bool AppendLog { get; init; }

    public string SiloDll { get; init; } = SiloBinary.Path;
}
