using System.Globalization;
using MusicRecs.Client.Processes;

namespace MusicRecs.Tests.ClusterCli;

/// <summary>A silo that the bad-input tests share and must leave empty: nothing they send may be stored.</summary>
public sealed class EmptyClusterFixture : IDisposable
{
    private readonly LocalSilo _silo = TrainedClusterFixture.StartSilo();

    public EmptyClusterFixture()
    {
        Folder = Path.Combine(Path.GetTempPath(), $"musicrecs-clustercli-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Folder);
    }

    public string Gateway => _silo.GatewayPort.ToString(CultureInfo.InvariantCulture);

    public string Folder { get; }

    public string SiloOutput => _silo.Output;

    public string WriteFile(string name, string text)
    {
        var path = Path.Combine(Folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    public void Dispose()
    {
        _silo.Dispose();
        Directory.Delete(Folder, recursive: true);
    }
}
