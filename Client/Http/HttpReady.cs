namespace MusicRecs.Client.Http;

/// <summary>The silo's HTTP side starts beside its gateway: waits until <c>/health/live</c> answers.</summary>
internal static class HttpReady
{
    public static async Task WaitAsync(Uri web, CancellationToken ct, double seconds = 30)
    {
        using var client = new HttpClient { BaseAddress = web, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            try
            {
                using var response = await client.GetAsync("/health/live", ct);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
            }

            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException($"the silo's HTTP API at {web} did not answer within {seconds:0} s.");
            }

            await Task.Delay(100, ct);
        }
    }
}
