using System.Net;
using System.Net.Sockets;

namespace MusicRecs.Client.Processes;

/// <summary>Loopback TCP ports that are free right now (all held open together, so they are distinct).</summary>
internal static class FreePorts
{
    private static readonly Lock Gate = new();
    private static readonly HashSet<int> Handed = [];

    public static int[] Take(int count)
    {
        lock (Gate)
        {
            var listeners = new List<TcpListener>();
            try
            {
                var ports = new List<int>();
                while (ports.Count < count)
                {
                    var listener = new TcpListener(IPAddress.Loopback, 0);
                    listener.Start();
                    listeners.Add(listener);
                    var port = ((IPEndPoint)listener.LocalEndpoint).Port;

                    // Never hand out a port twice in one process, even after its first user let it go.
                    if (Handed.Add(port))
                    {
                        ports.Add(port);
                    }
                }

                return [.. ports];
            }
            finally
            {
                foreach (var listener in listeners)
                {
                    listener.Stop();
                }
            }
        }
    }
}
