using System.Net;
using System.Net.Sockets;

namespace MusicRecs.Client.Cluster;

/// <summary>Distinct TCP ports that are free on the loopback interface right now.</summary>
internal static class FreePorts
{
    public static int[] Pick(int count)
    {
        var listeners = new List<TcpListener>(count);
        try
        {
            for (var i = 0; i < count; i++)
            {
                var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                listeners.Add(listener);
            }

            return [.. listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port)];
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
