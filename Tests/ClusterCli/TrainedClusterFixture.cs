using System.Globalization;
using System.Text.Json;
using MusicRecs.Client.Processes;
using MusicRecs.Tests.Processes;

namespace MusicRecs.Tests.ClusterCli;

/// <summary>A silo with a tiny generated dataset imported and a model trained on it, through the tool.</summary>
public sealed class TrainedClusterFixture : IDisposable
{
    private readonly LocalSilo _silo;

    public TrainedClusterFixture()
    {
        Folder = Path.Combine(Path.GetTempPath(), $"musicrecs-clustercli-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Folder);
        DataFile = Path.Combine(Folder, "plays.tsv");
        var generate = Tool.Run("generate", "--users", "200", "--artists", "150", "--median-artists", "12", "--seed", "11", "--out", DataFile);
        if (generate.ExitCode != 0)
        {
            throw new InvalidOperationException($"generate failed: {generate}");
        }

        _silo = StartSilo();
        try
        {
            Import = Succeed(Tool.Run("import", DataFile, "--gateway", Gateway, "--json"));
            Train = Succeed(Tool.Run("train", "--gateway", Gateway, "--factors", "16", "--iterations", "5", "--json"));
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public string Gateway => _silo.GatewayPort.ToString(CultureInfo.InvariantCulture);

    public string Folder { get; }

    public string DataFile { get; }

    public JsonElement Import { get; }

    public JsonElement Train { get; }

    public string SiloOutput => _silo.Output;

    /// <summary>Users and artists of the generated file, read back as the tool reads it.</summary>
    public IReadOnlyList<(string User, string Artist, double Count)> Rows() =>
        [.. File.ReadLines(DataFile).Skip(1).Select(l => l.Split('\t')).Where(f => f.Length >= 3)
            .Select(f => (f[0], f[1], double.Parse(f[2], System.Globalization.CultureInfo.InvariantCulture)))];

    /// <summary>A silo with memory storage and localhost clustering on free ports, its output kept in memory, serving.</summary>
    internal static LocalSilo StartSilo()
    {
        var ports = FreePorts.Take(2);
        var silo = LocalSilo.Start(ports[0], ports[1], logPath: null);
        try
        {
            silo.WaitStartedAsync().GetAwaiter().GetResult();
            return silo;
        }
        catch
        {
            silo.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        _silo?.Dispose();
        if (Directory.Exists(Folder))
        {
            Directory.Delete(Folder, recursive: true);
        }
    }

    private JsonElement Succeed(ProcessResult result)
    {
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"{result}{Environment.NewLine}silo: {_silo.Output}");
        }

        return result.LastJson();
    }
}
