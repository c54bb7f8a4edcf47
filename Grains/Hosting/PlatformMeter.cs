namespace MusicRecs.Grains.Hosting;

/// <summary>The name of the platform's own meter, shared by the grains' instruments and the HTTP host's.</summary>
public static class PlatformMeter
{
    public const string Name = "MusicRecs";
}
