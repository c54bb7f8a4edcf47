namespace MusicRecs.Tests.Cli;

/// <summary>A small generated dataset shared by the command-line tests, in its own temp folder.</summary>
public sealed class CliFixture : IDisposable
{
    public CliFixture()
    {
        Folder = Path.Combine(Path.GetTempPath(), $"musicrecs-cli-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Folder);
        DataFile = Path.Combine(Folder, "plays.tsv");
        var result = Musicrecs.Run("generate", "--users", "400", "--artists", "300", "--median-artists", "15", "--seed", "5", "--out", DataFile);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"generate failed: {result.Stderr}");
        }
    }

    public string Folder { get; }

    public string DataFile { get; }

    public string WriteFile(string name, string text)
    {
        var path = Path.Combine(Folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
