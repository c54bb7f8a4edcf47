using MusicRecs.Client.Processes;

namespace MusicRecs.Tests.Processes;

/// <summary>The repository the tests were built from, and the built programs beside the test assembly.</summary>
internal static class RepoPaths
{
    public static string Root
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "MusicRecs.Orleans.sln")))
                {
                    return dir.FullName;
                }
            }

            throw new DirectoryNotFoundException($"No MusicRecs.Orleans.sln above {AppContext.BaseDirectory}.");
        }
    }

    public static string SiloDll => SiloBinary.Path;

    public static string ClientDll => Built("musicrecs.dll");

    /// <summary>The dotnet host running the tests, so child processes use the same runtime.</summary>
    public static string Dotnet => DotnetHost.Path;

    private static string Built(string name)
    {
        var path = Path.Combine(AppContext.BaseDirectory, name);
        return File.Exists(path) ? path : throw new FileNotFoundException($"{name} is not beside the test assembly; build the solution.", path);
    }
}
