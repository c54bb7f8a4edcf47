using System.Globalization;
using MusicRecs.Client.Processes;
using MusicRecs.Tests.Processes;

namespace MusicRecs.Tests.ClusterCli;

/// <summary>One test's own silo (memory storage) with a small generated Last.fm-like dataset imported through the tool.</summary>
internal sealed class ImportedSilo : IDisposable
{
    private readonly LocalSilo _silo;

    public ImportedSilo(int users = 150, int artists = 120, int seed = 5)
    {
        Folder = Path.Combine(Path.GetTempPath(), $"musicrecs-clustercli-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Folder);
        DataFile = Path.Combine(Folder, "plays.tsv");
        Tool.Run("generate", "--users", $"{users}", "--artists", $"{artists}", "--median-artists", "10", "--seed", $"{seed}", "--out", DataFile).EnsureSuccess();
        _silo = TrainedClusterFixture.StartSilo();
        try
        {
            var import = Tool.Run("import", DataFile, "--gateway", Gateway, "--json");
            if (import.ExitCode != 0)
            {
                throw new InvalidOperationException($"{import}{Environment.NewLine}silo: {_silo.Output}");
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public string Folder { get; }

    public string DataFile { get; }

    public string Gateway => _silo.GatewayPort.ToString(CultureInfo.InvariantCulture);

    public LocalSilo Silo => _silo;

    /// <summary>The file's rows as the tool reads them (generated files: a header, then user, artist, count).</summary>
    public IReadOnlyList<(string User, string Artist, double Count)> Rows() =>
        [.. File.ReadLines(DataFile).Skip(1).Select(l => l.Split('\t')).Where(f => f.Length >= 3)
            .Select(f => (f[0], f[1], double.Parse(f[2], CultureInfo.InvariantCulture)))];

    public ProcessResult Check() => Tool.Run("check", "--gateway", Gateway, "--json");

    public void Dispose()
    {
        _silo?.Dispose();
        if (Directory.Exists(Folder))
        {
            Directory.Delete(Folder, recursive: true);
        }
    }
}
