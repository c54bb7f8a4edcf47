using MusicRecs.GrainInterfaces;

namespace MusicRecs.Grains.Ingest;

/// <summary>
/// Registers ids of one kind in the (single) catalog grain on behalf of many grains of a silo: requests
/// that arrive while a call is out wait for it and go together in the next one, so an import reaching
/// thousands of new user grains at once costs a few catalog calls, not one each. A failed call fails
/// every request it carried.
/// </summary>
public sealed class CatalogBatcher(IGrainFactory grains, string kind)
{
    private readonly Lock _lock = new();
    private List<(string Id, TaskCompletionSource<int> Done)> _pending = [];
    private bool _sending;

    public Task<int> RegisterAsync(string id)
    {
        var done = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        bool start;
        lock (_lock)
        {
            _pending.Add((id, done));
            start = !_sending;
            _sending = true;
        }

        if (start)
        {
            // Off the calling grain's scheduler: the loop serves the whole silo.
            _ = Task.Run(SendAsync);
        }

        return done.Task;
    }

    private async Task SendAsync()
    {
        var catalog = grains.GetGrain<ICatalogGrain>(kind);
        while (true)
        {
            List<(string Id, TaskCompletionSource<int> Done)> batch;
            lock (_lock)
            {
                if (_pending.Count == 0)
                {
                    _sending = false;
                    return;
                }

                batch = _pending;
                _pending = [];
            }

            try
            {
                var indexes = await catalog.Register([.. batch.Select(b => new CatalogEntry(b.Id))]);
                for (var i = 0; i < batch.Count; i++)
                {
                    batch[i].Done.TrySetResult(indexes[i]);
                }
            }
            catch (Exception e)
            {
                foreach (var b in batch)
                {
                    b.Done.TrySetException(e);
                }
            }
        }
    }
}
