using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;

namespace MusicRecs.Tests.Processes;

/// <summary>
/// One MusicRecs.Silo process with its output captured. <see cref="StopAsync"/> asks it to shut down
/// gracefully (SIGTERM, which the generic host handles like Ctrl+C: SIGINT is ignored by a process whose
/// parent started it in the background) and kills it only when it does not go in time.
/// </summary>
internal sealed class SiloProcess : IAsyncDisposable
{
    /// <summary>What the silo logs once it has joined the cluster and serves.</summary>
    public const string StartedMarker = "MusicRecs silo started";

    private static readonly ConcurrentDictionary<int, System.Diagnostics.Process> Live = new();

    private readonly System.Diagnostics.Process _process;
    private readonly StringBuilder _output = new();
    private readonly Lock _gate = new();
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Stopwatch _clock;

    static SiloProcess()
    {
        // Last resort: a test run that ends without disposing its silos does not leave them behind.
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            foreach (var process in Live.Values)
            {
                try
                {
                    process.Kill(entireProcessTree: true);
                }
                catch (InvalidOperationException)
                {
                    // Already gone.
                }
            }
        };
    }

    private SiloProcess(string name, int siloPort, int gatewayPort, System.Diagnostics.Process process, Stopwatch clock)
    {
        Name = name;
        SiloPort = siloPort;
        GatewayPort = gatewayPort;
        _process = process;
        _clock = clock;
    }

    public string Name { get; }

    public int SiloPort { get; }

    public int GatewayPort { get; }

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>From process start to the started line.</summary>
    public TimeSpan StartTime { get; private set; }

    public string Output
    {
        get
        {
            lock (_gate)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts <c>dotnet MusicRecs.Silo.dll</c> with the given configuration arguments.</summary>
    public static SiloProcess Start(string name, int siloPort, int gatewayPort, IEnumerable<string> configuration)
    {
        var start = new ProcessStartInfo(RepoPaths.Dotnet)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(RepoPaths.SiloDll);
        start.ArgumentList.Add("--MusicRecs:Http:Enabled=false"); // several silos share the machine: no HTTP port (a later argument may turn it on)
        foreach (var a in configuration)
        {
            start.ArgumentList.Add(a);
        }

        var clock = Stopwatch.StartNew();
        var process = new System.Diagnostics.Process { StartInfo = start, EnableRaisingEvents = true };
        var silo = new SiloProcess(name, siloPort, gatewayPort, process, clock);
        process.OutputDataReceived += (_, e) => silo.Append(e.Data);
        process.ErrorDataReceived += (_, e) => silo.Append(e.Data);
        if (!process.Start())
        {
            throw new InvalidOperationException($"could not start silo {name}");
        }

        Live[process.Id] = process;
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return silo;
    }

    /// <summary>Waits for the started line; fails with the silo's output when it exits or overruns first.</summary>
    public async Task WaitStartedAsync(TimeSpan timeout)
    {
        var exited = _process.WaitForExitAsync();
        var winner = await Task.WhenAny(_started.Task, exited, Task.Delay(timeout));
        if (winner == _started.Task)
        {
            return;
        }

        var why = winner == exited
            ? $"exited with code {_process.ExitCode} before it started"
            : $"did not log '{StartedMarker}' within {timeout.TotalSeconds:F0} s";
        throw new InvalidOperationException($"silo {Name} (pid {ProcessId}, silo port {SiloPort}, gateway {GatewayPort}) {why}. Its output:{Environment.NewLine}{Output}");
    }

    /// <summary>Graceful stop (SIGTERM), then a kill after <paramref name="grace"/>. Returns the exit code.</summary>
    public async Task<int> StopAsync(TimeSpan? grace = null)
    {
        if (!_process.HasExited)
        {
            try
            {
                using var signal = System.Diagnostics.Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture) }, UseShellExecute = false });
                signal?.WaitForExit(TimeSpan.FromSeconds(5));
            }
            catch (System.ComponentModel.Win32Exception)
            {
                // No kill command: fall through to the hard stop.
            }

            using var wait = new CancellationTokenSource(grace ?? TimeSpan.FromSeconds(20));
            try
            {
                await _process.WaitForExitAsync(wait.Token);
            }
            catch (OperationCanceledException)
            {
                Append($"[test] silo {Name} did not stop within {(grace ?? TimeSpan.FromSeconds(20)).TotalSeconds:F0} s of SIGTERM: killing it");
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }

        // Let the output readers drain.
        _process.WaitForExit();
        Live.TryRemove(_process.Id, out _);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        finally
        {
            _process.Dispose();
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            _output.AppendLine(line);
        }

        if (!_started.Task.IsCompleted && line.Contains(StartedMarker, StringComparison.Ordinal))
        {
            StartTime = _clock.Elapsed;
            _started.TrySetResult();
        }
    }
}
