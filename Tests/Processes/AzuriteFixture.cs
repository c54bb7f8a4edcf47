using System.Diagnostics;
using MusicRecs.Client.Processes;

namespace MusicRecs.Tests.Processes;

/// <summary>
/// An Azurite for the process tests: the one named by MUSICRECS_TEST_AZURE (a connection string; .ci/run
/// starts one), or else one this fixture starts with scripts/azurite.sh on free ports of its own and a
/// data folder in the temp directory, and stops again at the end.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    public const string Variable = "MUSICRECS_TEST_AZURE";

    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromMinutes(5);

    private Dictionary<string, string>? _ports;
    private string? _dataFolder;

    /// <summary>Connection string of the Azurite account (blob, queue and table endpoints).</summary>
    public string ConnectionString { get; private set; } = "";

    /// <summary>True when this fixture started Azurite (and so stops it).</summary>
    public bool StartedHere => _ports is not null;

    /// <summary>How long starting Azurite took here (zero when it was given).</summary>
    public TimeSpan StartTime { get; private set; }

    public async Task InitializeAsync()
    {
        var given = Environment.GetEnvironmentVariable(Variable);
        if (!string.IsNullOrWhiteSpace(given))
        {
            ConnectionString = given.Trim();
            return;
        }

        var ports = FreePorts.Take(3);
        _ports = new Dictionary<string, string>
        {
            ["AZURITE_BLOB_PORT"] = ports[0].ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["AZURITE_QUEUE_PORT"] = ports[1].ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["AZURITE_TABLE_PORT"] = ports[2].ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        _dataFolder = Path.Combine(Path.GetTempPath(), $"musicrecs-azurite-{Guid.NewGuid():N}");
        var clock = Stopwatch.StartNew();
        var start = await Script("start", _dataFolder);
        StartTime = clock.Elapsed;
        if (start.ExitCode != 0)
        {
            _ports = null;
            throw new InvalidOperationException($"scripts/azurite.sh start failed (set {Variable} to use a running Azurite). {start.Describe()}");
        }

        ConnectionString = start.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Last();
    }

    public async Task DisposeAsync()
    {
        if (_ports is not null)
        {
            var stop = await Script("stop");
            if (stop.ExitCode == 0)
            {
                // The script's log of this instance (artifacts/azurite-PORT.log): only worth keeping after trouble.
                File.Delete(Path.Combine(RepoPaths.Root, "artifacts", $"azurite-{_ports["AZURITE_BLOB_PORT"]}.log"));
            }

            _ports = null;
        }

        if (_dataFolder is not null && Directory.Exists(_dataFolder))
        {
            try
            {
                Directory.Delete(_dataFolder, recursive: true);
            }
            catch (IOException)
            {
                // Left behind in the temp folder: harmless.
            }
        }
    }

    private Task<ProcessResult> Script(params string[] args) =>
        ChildProcess.RunAsync("bash", [Path.Combine(RepoPaths.Root, "scripts", "azurite.sh"), .. args], ScriptTimeout, _ports, RepoPaths.Root);
}
