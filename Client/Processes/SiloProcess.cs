using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace MusicRecs.Client.Processes;

/// <summary>
/// One MusicRecs.Silo process, started by the tool (quickstart, the bench commands) or by the tests. Its output
/// goes to a log file or stays in memory. <see cref="StopAsync"/> asks it to shut down gracefully (SIGTERM, which
/// the generic host handles like Ctrl+C) and kills it only when it does not go in time; <see cref="KillAsync"/> kills
/// it hard (SIGKILL, as a crash would) and <see cref="Restart"/> starts it again with the same ports and settings.
/// Disposing kills it, and so does this process exiting, unless it was detached to keep running.
/// </summary>
internal sealed class SiloProcess : IDisposable, IAsyncDisposable
{
    /// <summary>What the silo logs once it has joined the cluster and serves.</summary>
    public const string StartedMarker = "MusicRecs silo started";

    private static readonly ConcurrentDictionary<int, SiloProcess> Live = new();

    private readonly SiloLaunch _launch;
    private readonly Process _process;
    private readonly SiloLog _log;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _detached;

    static SiloProcess()
    {
        // Last resort: a run that ends without disposing its silos does not leave them behind.
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            foreach (var silo in Live.Values.Where(s => !s._detached))
            {
                silo.Kill();
            }
        };
    }

    private SiloProcess(SiloLaunch launch, Process process, SiloLog log)
    {
        Name = launch.Name;
        SiloPort = launch.SiloPort;
        GatewayPort = launch.GatewayPort;
        _launch = launch;
        _process = process;
        _log = log;
    }

    public string Name { get; }

    public int SiloPort { get; }

    public int GatewayPort { get; }

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>The exit code once the process has exited (137 = 128 + 9 after <see cref="KillAsync"/> on Unix).</summary>
    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    /// <summary>The log file, or null when the output is kept in memory.</summary>
    public string? LogPath => _log.Path;

    /// <summary>From process start to the started line.</summary>
    public TimeSpan StartTime { get; private set; }

    public string Output => _log.Text;

    /// <summary>A silo with these command-line settings; HTTP stays off unless a setting turns it on (several silos share the machine).</summary>
    public static SiloProcess Start(string name, int siloPort, int gatewayPort, IEnumerable<string> configuration) =>
        Start(new SiloLaunch(name, siloPort, gatewayPort, ["--MusicRecs:Http:Enabled=false", .. configuration]));

    public static SiloProcess Start(SiloLaunch launch)
    {
        if (!File.Exists(launch.SiloDll))
        {
            throw new FileNotFoundException($"{SiloBinary.DllName} not found ({Path.GetDirectoryName(launch.SiloDll)}): build the solution first ('dotnet build -c Release').", launch.SiloDll);
        }

        // Without a shell the output is copied into the log while this process runs; with one the silo writes
        // its log file itself, so it keeps logging after this process has exited (quickstart --keep-running).
        var pumped = launch.LogPath is null || OperatingSystem.IsWindows();
        var log = launch.LogPath is null ? SiloLog.InMemory() : SiloLog.File(launch.LogPath, pumped, launch.AppendLog);
        var start = SiloStartInfo.For(launch, pumped);

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var silo = new SiloProcess(launch, process, log);
        if (pumped)
        {
            process.OutputDataReceived += (_, e) => silo.Append(e.Data);
            process.ErrorDataReceived += (_, e) => silo.Append(e.Data);
        }

        if (!process.Start())
        {
            throw new InvalidOperationException($"could not start silo {launch.Name} ({launch.SiloDll})");
        }

        Live[process.Id] = silo;
        process.StandardInput.Close();
        if (pumped)
        {
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        return silo;
    }

    /// <summary>Waits for the started line; fails with the silo's output when it exits or overruns first.</summary>
    public async Task WaitStartedAsync(TimeSpan timeout)
    {
        using var stop = new CancellationTokenSource(timeout);
        var exited = _process.WaitForExitAsync(CancellationToken.None);
        while (!_started.Task.IsCompleted && !exited.IsCompleted && !stop.IsCancellationRequested)
        {
            if (!_log.Pumped && Output.Contains(StartedMarker, StringComparison.Ordinal))
            {
                MarkStarted();
                break;
            }

            await Task.WhenAny(_started.Task, exited, Task.Delay(_log.Pumped ? 1_000 : 50, CancellationToken.None));
        }

        if (_started.Task.IsCompleted)
        {
            return;
        }

        var why = exited.IsCompleted
            ? $"exited with code {_process.ExitCode} before it started"
            : $"did not log '{StartedMarker}' within {timeout.TotalSeconds:F0} s";
        throw new InvalidOperationException($"silo {Name} (pid {ProcessId}, silo port {SiloPort}, gateway {GatewayPort}) {why}. Its output:{Environment.NewLine}{Output}");
    }

    /// <summary>Why waiting for this silo is pointless, or null while it runs.</summary>
    public string? ExitReason() =>
        _process.HasExited
            ? $"the silo process exited with code {_process.ExitCode}; the end of its log{(LogPath is null ? string.Empty : $" ({LogPath})")}:{Environment.NewLine}{LogTail(6)}"
            : null;

    public string LogTail(int lines) => _log.Tail(lines);

    /// <summary>Leaves the silo running after this process exits.</summary>
    public void Detach() => _detached = true;

    /// <summary>Graceful stop (SIGTERM), then a kill after <paramref name="grace"/>. Returns the exit code.</summary>
    public async Task<int> StopAsync(TimeSpan? grace = null)
    {
        var wait = grace ?? TimeSpan.FromSeconds(20);
        if (!_process.HasExited)
        {
            try
            {
                using var signal = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", ProcessId.ToString(CultureInfo.InvariantCulture) }, UseShellExecute = false });
                signal?.WaitForExit(TimeSpan.FromSeconds(5));
            }
            catch (System.ComponentModel.Win32Exception)
            {
                // No kill command: fall through to the hard stop.
            }

            using var overrun = new CancellationTokenSource(wait);
            try
            {
                await _process.WaitForExitAsync(overrun.Token);
            }
            catch (OperationCanceledException)
            {
                Append($"[launcher] silo {Name} did not stop within {wait.TotalSeconds:F0} s of SIGTERM: killing it");
                Kill();
            }
        }

        // Let the output readers drain.
        _process.WaitForExit();
        Live.TryRemove(_process.Id, out _);
        return _process.ExitCode;
    }

    /// <summary>
    /// Kills the silo the way a crash, an out-of-memory kill or a pulled plug would, and waits until it is gone.
    /// On Linux (and macOS) <see cref="Process.Kill(bool)"/> sends SIGKILL (.NET's Unix implementation calls
    /// <c>kill(pid, SIGKILL)</c> on the process and, here, on any child of it), which the process can neither catch
    /// nor delay: no shutdown hook, no graceful Orleans stop, no last grain-state write, no leaving the membership
    /// table (other silos, or its own restart on the same endpoint, declare it dead). On Windows it is
    /// TerminateProcess, just as abrupt. Returns the exit code: 137 (128 + signal 9) on Unix.
    /// </summary>
    public async Task<int> KillAsync()
    {
        // The signal goes out before the first await, so killing several silos with Task.WhenAll kills them together.
        Signal();
        await _process.WaitForExitAsync();

        // Let the output readers drain.
        _process.WaitForExit();
        Live.TryRemove(_process.Id, out _);
        return _process.ExitCode;
    }

    /// <summary>
    /// Starts this silo again, after it has exited (killed or stopped), as a new process with the same name, ports and
    /// settings, adding to its log file if it has one. A silo that comes back on its old endpoint declares its previous
    /// incarnation dead in the membership table at once, instead of waiting for the other silos to vote it out. This
    /// instance stays the record of the old process: dispose it too.
    /// </summary>
    public SiloProcess Restart() =>
        HasExited
            ? Start(_launch with { AppendLog = true })
            : throw new InvalidOperationException($"silo {Name} (pid {ProcessId}) is still running: kill or stop it before restarting it on its ports {SiloPort} and {GatewayPort}.");

    /// <summary>Kills the silo process (and anything it started) at once with SIGKILL (see <see cref="KillAsync"/>) and waits for it to go.</summary>
    public void Kill()
    {
        Signal();
        _process.WaitForExit(TimeSpan.FromSeconds(10));
    }

    public void Dispose()
    {
        if (!_detached)
        {
            Kill();
        }

        Release();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_detached)
            {
                await StopAsync();
            }
        }
        finally
        {
            Release();
        }
    }

    /// <summary>SIGKILL to the process and its children, unless it has exited.</summary>
    private void Signal()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Exited between the check and the kill.
        }
    }

    private void Release()
    {
        Live.TryRemove(_process.Id, out _);
        _log.Dispose();
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        _log.Append(line);
        if (line.Contains(StartedMarker, StringComparison.Ordinal))
        {
            MarkStarted();
        }
    }

    private void MarkStarted()
    {
        if (_started.TrySetResult())
        {
            StartTime = _clock.Elapsed;
        }
    }
}
