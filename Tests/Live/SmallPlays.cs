using MusicRecs.Tests.ClusterCli;

namespace MusicRecs.Tests.Live;

/// <summary>A small generated play file (150 users, 100 artists) in a temporary folder, removed on dispose.</summary>
internal sealed class SmallPlays : IDisposable
{
    private readonly string _folder;

    private SmallPlays(string folder, string path)
    {
        _folder = folder;
        Path = path;
    }

    public string Path { get; }

    public static SmallPlays Generate()
    {
        var folder = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"musicrecs-live-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        var path = System.IO.Path.Combine(folder, "plays.tsv");
        var generate = Tool.Run("generate", "--users", "150", "--artists", "100", "--median-artists", "10", "--seed", "5", "--out", path);
        Assert.True(generate.ExitCode == 0, generate.ToString());
        return new SmallPlays(folder, path);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
