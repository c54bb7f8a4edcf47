using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace MusicRecs.Tests.ClusterCli;

/// <summary>
/// A silo process (the built MusicRecs.Silo.dll beside the tests) with memory storage and localhost
/// clustering on free ports. Disposing kills it, and so does the test process exiting.
/// </summary>
internal sealed class SiloProcess : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private readonly System.Diagnostics.Process _process;
    private readonly StringBuilder _output = new();

    private SiloProcess(System.Diagnostics.Process process, int gatewayPort)
    {
        _process = process;
        GatewayPort = gatewayPort;
        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
    }

    public int GatewayPort { get; }

    public string Gateway => GatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static SiloProcess Start()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "MusicRecs.Silo.dll");
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"The silo was not built beside the tests: {dll}", dll);
        }

        var (siloPort, gatewayPort) = FreePorts();
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        foreach (var a in new[]
        {
            dll,
            "--MusicRecs:Clustering:Mode=Localhost",
            $"--MusicRecs:Clustering:SiloPort={siloPort}",
            $"--MusicRecs:Clustering:GatewayPort={gatewayPort}",
            $"--MusicRecs:Clustering:PrimarySiloPort={siloPort}",
            "--MusicRecs:Clustering:ClusterId=musicrecs",
            "--MusicRecs:Clustering:ServiceId=musicrecs",
            "--MusicRecs:Storage:Mode=Memory",
            "--MusicRecs:Http:Enabled=false",
        })
        {
            start.ArgumentList.Add(a);
        }

        var process = System.Diagnostics.Process.Start(start) ?? throw new InvalidOperationException("could not start the silo");
        var silo = new SiloProcess(process, gatewayPort);
        process.OutputDataReceived += (_, e) => silo.Append(e.Data);
        process.ErrorDataReceived += (_, e) => silo.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            silo.WaitForGateway();
        }
        catch
        {
            silo.Dispose();
            throw;
        }

        return silo;
    }

    public void Dispose()
    {
        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        Kill();
        _process.Dispose();
    }

    private void WaitForGateway()
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < StartTimeout)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The silo exited with code {_process.ExitCode} before its gateway opened:{Environment.NewLine}{Output}");
            }

            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, GatewayPort);
                return;
            }
            catch (SocketException)
            {
                // Not listening yet: wait a little, returning early if the silo exits meanwhile.
                _process.WaitForExit(200);
            }
        }

        throw new TimeoutException($"The silo's gateway 127.0.0.1:{GatewayPort} did not open in {StartTimeout.TotalSeconds:F0} s:{Environment.NewLine}{Output}");
    }

    private static (int Silo, int Gateway) FreePorts()
    {
        var a = new TcpListener(IPAddress.Loopback, 0);
        var b = new TcpListener(IPAddress.Loopback, 0);
        a.Start();
        b.Start();
        try
        {
            return (((IPEndPoint)a.LocalEndpoint).Port, ((IPEndPoint)b.LocalEndpoint).Port);
        }
        finally
        {
            a.Stop();
            b.Stop();
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    private void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(TimeSpan.FromSeconds(10));
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    private void OnProcessExit(object? sender, EventArgs e) => Kill();
}
