using MusicRecs.Client.Connection;
using MusicRecs.Client.Processes;

namespace MusicRecs.Tests.ClusterCli;

/// <summary>A silo of its own for the resend tests, with an Orleans client that reads what the user grains hold.</summary>
public sealed class ResendFixture : IAsyncLifetime
{
    private readonly LocalSilo _silo = TrainedClusterFixture.StartSilo();
    private ClusterConnection? _connection;

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), $"musicrecs-resend-{Guid.NewGuid():N}");

    public string Gateway => _silo.GatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture);

    internal ClusterConnection Connection => _connection ?? throw new InvalidOperationException("Not connected.");

    public string SiloOutput => _silo.Output;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Folder);
        _connection = await ClusterConnection.ConnectAsync(new ClusterSettings { GatewayPort = _silo.GatewayPort }, CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }

        _silo.Dispose();
        Directory.Delete(Folder, recursive: true);
    }

    /// <summary>
    /// A play file of <paramref name="users"/> users (ids prefixed, so tests do not share users) with repeated
    /// (user, artist) rows, users interleaved: every row must count once, however often the file is sent.
    /// </summary>
    public (string Path, IReadOnlyDictionary<string, (double Total, int Artists)> Expected) WriteFile(string prefix, int users = 12, int rowsPerUser = 9)
    {
        var rows = new List<(string User, string Artist, int Count)>();
        for (var r = 0; r < rowsPerUser; r++)
        {
            for (var u = 0; u < users; u++)
            {
                rows.Add(($"{prefix}-u{u}", $"artist-{(u + (r * 7)) % 11}", 1 + ((u * 3) + r) % 5));
            }
        }

        var path = Path.Combine(Folder, $"{prefix}.tsv");
        File.WriteAllLines(path, ["user\tartist\tcount", .. rows.Select(r => $"{r.User}\t{r.Artist}\t{r.Count}")]);
        var expected = rows.GroupBy(r => r.User).ToDictionary(g => g.Key, g => ((double)g.Sum(r => r.Count), g.Select(r => r.Artist).Distinct().Count()));
        return (path, expected);
    }

    /// <summary>Each user's total plays and artist count as its grain holds them.</summary>
    public async Task<Dictionary<string, (double Total, int Artists)>> HeldAsync(IEnumerable<string> users)
    {
        var held = new Dictionary<string, (double Total, int Artists)>();
        foreach (var user in users)
        {
            var history = await Connection.User(user).GetHistory();
            held[user] = (history.Plays.Sum(p => (double)p.Count), history.Plays.Length);
        }

        return held;
    }
}
