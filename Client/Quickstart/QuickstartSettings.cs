namespace MusicRecs.Client.Quickstart;

/// <summary>What <c>quickstart</c> was asked for: the silo's ports and log, whether it keeps running, how many users to show.</summary>
internal sealed record QuickstartSettings(int GatewayPort, int SiloPort, string? SiloLog, bool KeepRunning, int ShowUsers);
