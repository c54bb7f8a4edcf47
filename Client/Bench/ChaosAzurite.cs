using System.Diagnostics;
using System.Globalization;
using MusicRecs.Client.Output;
using MusicRecs.Client.Processes;

namespace MusicRecs.Client.Bench;

/// <summary>
/// An Azurite of one bench run, started with the repository's <c>scripts/azurite.sh</c> on three free ports of
/// its own (never the shared 10000-10002 instance) with its data in the run's temp folder. Stopping asks the
/// script (SIGINT, then a kill); when this process exits first it is killed outright: its data is thrown away.
/// </summary>
internal sealed class ChaosAzurite : IAsyncDisposable
{
    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromMinutes(5);

    private readonly string _script;
    private readonly Dictionary<string, string> _ports;
    private readonly EventHandler _onExit;
    private bool _stopped;

    private ChaosAzurite(string script, Dictionary<string, string> ports, string connectionString)
    {
        _script = script;
        _ports = ports;
        ConnectionString = connectionString;
        _onExit = (_, _) => KillNow();
        AppDomain.CurrentDomain.ProcessExit += _onExit;
    }

    public string ConnectionString { get; }

    public int BlobPort => int.Parse(_ports["AZURITE_BLOB_PORT"], CultureInfo.InvariantCulture);

    private string RunFolder => RunFolderOf(_script);

    /// <summary>Starts Azurite (installing it first if the script has not yet) and returns once it listens.</summary>
    public static async Task<ChaosAzurite> StartAsync(string dataFolder, Reporter report, CancellationToken cancellationToken)
    {
        var script = FindScript();
        var ports = FreePorts.Take(3);
        var env = new Dictionary<string, string>
        {
            ["AZURITE_BLOB_PORT"] = ports[0].ToString(CultureInfo.InvariantCulture),
            ["AZURITE_QUEUE_PORT"] = ports[1].ToString(CultureInfo.InvariantCulture),
            ["AZURITE_TABLE_PORT"] = ports[2].ToString(CultureInfo.InvariantCulture),
        };
        var clock = Stopwatch.StartNew();
        int code;
        string stdout, stderr;
        try
        {
            (code, stdout, stderr) = await RunScriptAsync(script, env, cancellationToken, "start", dataFolder);
        }
        catch (OperationCanceledException)
        {
            // The script may have started Azurite in the background before it was stopped.
            KillFromPidFile(RunFolderOf(script), ports[0]);
            throw;
        }

        if (code != 0)
        {
            throw new InvalidOperationException($"{script} start failed with exit code {code}: {stderr.Trim()}");
        }

        var connectionString = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault()
            ?? throw new InvalidOperationException($"{script} start printed no connection string: {stderr.Trim()}");
        report.Line($"azurite: listening on 127.0.0.1 ports {ports[0]}/{ports[1]}/{ports[2]} after {clock.Elapsed.TotalSeconds:F1}s (data in {dataFolder})");
        return new ChaosAzurite(script, env, connectionString);
    }

    public async ValueTask DisposeAsync()
    {
        AppDomain.CurrentDomain.ProcessExit -= _onExit;
        if (_stopped)
        {
            return;
        }

        try
        {
            var (code, _, stderr) = await RunScriptAsync(_script, _ports, CancellationToken.None, "stop");
            if (code != 0)
            {
                Console.Error.WriteLine($"warning: {_script} stop exited with code {code}: {stderr.Trim()}; killing Azurite");
                KillNow();
            }
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception or OperationCanceledException)
        {
            Console.Error.WriteLine($"warning: stopping Azurite failed ({e.Message}); killing it");
            KillNow();
        }

        _stopped = true;
        DeleteQuietly(Path.Combine(RunFolder, $"azurite-{BlobPort}.log"));
        DeleteQuietly(Path.Combine(RunFolder, $"azurite-{BlobPort}.pid"));
    }

    /// <summary>SIGKILL to the Azurite the script started (its pid file), for when there is no time for a graceful stop.</summary>
    public void KillNow()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        KillFromPidFile(RunFolder, BlobPort);
    }

    private static string RunFolderOf(string script) => Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(script)!)!, "artifacts");

    private static void KillFromPidFile(string runFolder, int blobPort)
    {
        var pidFile = Path.Combine(runFolder, $"azurite-{blobPort}.pid");
        try
        {
            if (File.Exists(pidFile) && int.TryParse(File.ReadAllText(pidFile).Trim(), CultureInfo.InvariantCulture, out var pid))
            {
                using var process = Process.GetProcessById(pid);
                process.Kill(entireProcessTree: true);
                process.WaitForExit(TimeSpan.FromSeconds(5));
            }
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception or IOException)
        {
            // Already gone.
        }

        DeleteQuietly(pidFile);
        DeleteQuietly(Path.Combine(runFolder, $"azurite-{blobPort}.log"));
    }

    /// <summary>scripts/azurite.sh of the repository this tool was built in (searched upwards from the tool's folder).</summary>
    private static string FindScript()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var script = Path.Combine(dir.FullName, "scripts", "azurite.sh");
            if (File.Exists(script) && File.Exists(Path.Combine(dir.FullName, "MusicRecs.Orleans.sln")))
            {
                return script;
            }
        }

        throw new FileNotFoundException($"scripts/azurite.sh not found above {AppContext.BaseDirectory}: bench chaos runs from a build inside the repository (it starts Azurite with that script).");
    }

    private static async Task<(int Code, string Stdout, string Stderr)> RunScriptAsync(string script, IReadOnlyDictionary<string, string> env, CancellationToken cancellationToken, params string[] args)
    {
        var start = new ProcessStartInfo("bash") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        start.ArgumentList.Add(script);
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        foreach (var (key, value) in env)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not run {script}");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(ScriptTimeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await stdout, await stderr);
    }

    private static void DeleteQuietly(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left behind in the repository's ignored artifacts folder.
        }
    }
}
