using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using MusicRecs.Client.Processes;
using MusicRecs.Client.Output;
using MusicRecs.Client.Results;

namespace MusicRecs.Client.Http;

/// <summary>
/// The HTTP side of <c>quickstart</c>: the silo serves its API and web page on 127.0.0.1:5080 (or a free port
/// when 5080 is taken) with a fresh random API key, handed to the silo through its environment, never its
/// command line; the page's address (carrying the key in its fragment, which browsers do not send) and the key are printed.
/// </summary>
internal sealed class QuickstartWeb
{
    public const int DefaultPort = 5080;

    private QuickstartWeb(Uri address, string key)
    {
        Address = address;
        Key = key;
        Settings = new Dictionary<string, string>
        {
            ["MusicRecs:Http:Enabled"] = "true",
            ["MusicRecs:Http:Urls"] = address.ToString().TrimEnd('/'),
            ["MusicRecs:Http:ApiKeys"] = key,
        };
    }

    public Uri Address { get; }

    public string Key { get; }

    /// <summary>Silo settings that turn the HTTP API on with the key.</summary>
    public IReadOnlyDictionary<string, string> Settings { get; }

    public static QuickstartWeb Prepare()
    {
        var port = IsFree(DefaultPort) ? DefaultPort : FreePorts.Take(1)[0];
        return new QuickstartWeb(new Uri($"http://127.0.0.1:{port}/"), Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)));
    }

    /// <summary>Waits for the page to answer, then prints its address and the key (and adds them to the JSON).</summary>
    public async Task<QuickstartResult> ReportAsync(Reporter report, QuickstartResult result, bool keptRunning, CancellationToken ct)
    {
        await HttpReady.WaitAsync(Address, ct);
        report.Line($"web page: {Address}#key={Key}");
        report.Line($"API key (X-Api-Key header, needed for plays and training): {Key}");
        report.Line($"API reference: {Address}api-reference.html; dashboard: {Address}dashboard/?key={Key}; metrics: {Address}metrics");
        if (!keptRunning)
        {
            report.Line("(the silo stops when quickstart ends: add --keep-running to keep the page up)");
        }

        return result with { WebUrl = Address.ToString(), ApiKey = Key };
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
