namespace MusicRecs.Tests;

/// <summary>
/// The shared Last.fm data, found beside the repository (<c>../shared/data</c>) wherever the clone
/// lives, or at MUSICRECS_SHARED_DATA when set.
/// </summary>
internal static class SharedData
{
    public static string LastFm2k => Path.Combine(Root, "lastfm-2k");

    private static string Root
    {
        get
        {
            var overridden = Environment.GetEnvironmentVariable("MUSICRECS_SHARED_DATA");
            if (!string.IsNullOrEmpty(overridden))
            {
                return overridden;
            }

            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "MusicRecs.Orleans.sln")))
                {
                    return Path.Combine(dir.FullName, "..", "shared", "data");
                }
            }

            throw new DirectoryNotFoundException($"No MusicRecs.Orleans.sln above {AppContext.BaseDirectory}; set MUSICRECS_SHARED_DATA.");
        }
    }
}
