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

    public static string SiloDll => Built("MusicRecs.Silo.dll");

    public static string ClientDll => Built("musicrecs.dll");

    /// <summary>The dotnet host running the tests, so child processes use the same runtime.</summary>
    public static string Dotnet
    {
        get
        {
            var current = Environment.ProcessPath;
            if (current is not null && Path.GetFileNameWithoutExtension(current).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
            {
                return current;
            }

            var fromSdk = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
            return !string.IsNullOrEmpty(fromSdk) && File.Exists(fromSdk) ? fromSdk : "dotnet";
        }
    }

    private static string Built(string name)
    {
        var path = Path.Combine(AppContext.BaseDirectory, name);
        return File.Exists(path) ? path : throw new FileNotFoundException($"{name} is not beside the test assembly; build the solution.", path);
    }
}
