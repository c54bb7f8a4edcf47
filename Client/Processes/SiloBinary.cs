namespace MusicRecs.Client.Processes;

/// <summary>
/// Where the built silo is: the <c>silo/</c> folder beside musicrecs.dll (the client's build copies it there), or
/// beside the running assembly itself (the tests, which reference the silo project).
/// </summary>
internal static class SiloBinary
{
    public const string DllName = "MusicRecs.Silo.dll";

    public static string Path
    {
        get
        {
            var inFolder = System.IO.Path.Combine(AppContext.BaseDirectory, "silo", DllName);
            var beside = System.IO.Path.Combine(AppContext.BaseDirectory, DllName);
            return File.Exists(inFolder) || !File.Exists(beside) ? inFolder : beside;
        }
    }
}
