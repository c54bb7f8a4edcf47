using System.Collections.Immutable;
using System.Reflection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MusicRecs.GrainInterfaces;
using MusicRecs.Grains.Hosting;
using MusicRecs.Grains.Ingest;

namespace MusicRecs.Tests.Ingest;

/// <summary>The barrier training waits for: a flush returns only once every change added before it has reached its artist.</summary>
public sealed class ListenerFlushOrderTests
{
    [Fact]
    public async Task A_flush_started_while_another_is_sending_waits_for_it()
    {
        var release = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var factory = DispatchProxy.Create<IGrainFactory, ListenerBufferTests.Proxy>();
        ((ListenerBufferTests.Proxy)(object)factory).Handler = (_, _) =>
        {
            var grain = DispatchProxy.Create<IArtistGrain, ListenerBufferTests.Proxy>();
            ((ListenerBufferTests.Proxy)(object)grain).Handler = (_, _) => release.Task;
            return grain;
        };
        var buffer = new ListenerBuffer(factory, Options.Create(new LiveOptions()), NullLogger<ListenerBuffer>.Instance);

        buffer.Add("a", 0, user: 1, count: 1f, name: "A");
        var first = buffer.FlushAsync();
        Assert.False(first.IsCompleted);

        // The first flush took the only change: a second one finds the buffer empty, yet must not return before the first.
        // What the first flush had delivered when the second returned, recorded as it returns: no waiting for something not to happen.
        long deliveredWhenSecondReturned = -1;
        var second = buffer.FlushAsync();
        var secondDone = second.ContinueWith(_ => deliveredWhenSecondReturned = buffer.Flushed, TaskScheduler.Default);
        Assert.False(second.IsCompleted);

        release.SetResult(1);
        Assert.Equal(1, (await first).Sent);
        Assert.Equal(0, (await second).Sent);
        await secondDone;
        Assert.Equal(1L, deliveredWhenSecondReturned);
    }
}
