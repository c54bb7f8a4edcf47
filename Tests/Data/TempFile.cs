using System.Text;

namespace MusicRecs.Tests.Data;

/// <summary>A uniquely named file in the temp folder, deleted on dispose, so tests can run side by side.</summary>
internal sealed class TempFile : IDisposable
{
    private TempFile(string path) => Path = path;

    public string Path { get; }

    /// <param name="fileName">A fixed name when detection depends on it; it goes in a unique folder.</param>
    public static TempFile Named(string fileName)
    {
        var folder = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"musicrecs-data-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        return new TempFile(System.IO.Path.Combine(folder, fileName));
    }

    public static TempFile WithText(string text, string extension = ".csv", bool bom = false)
    {
        var file = Named($"rows{extension}");
        File.WriteAllText(file.Path, text, new UTF8Encoding(bom));
        return file;
    }

    public void Dispose()
    {
        var folder = System.IO.Path.GetDirectoryName(Path)!;
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
