using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Reflection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MusicRecs.GrainInterfaces;
using MusicRecs.Grains.Hosting;
using MusicRecs.Grains.Ingest;

namespace MusicRecs.Tests.Ingest;

public sealed class ListenerBufferTests
{
    [Fact]
    public async Task A_flush_sends_one_call_per_artist_with_its_changes_in_arrival_order()
    {
        var artists = new FakeArtists();
        var buffer = new ListenerBuffer(artists.Factory, Options.Create(new LiveOptions()), NullLogger<ListenerBuffer>.Instance);
        float[] first = [1f], latest = [2f];
        buffer.Add("b", 1, user: 7, count: 3f, first);
        buffer.Add("a", 0, user: 8, count: 1f);
        buffer.Add("b", 1, user: 7, count: 0f, latest);

        Assert.Equal(3, (await buffer.FlushAsync()).Sent);
        Assert.Equal(2, artists.Calls.Count);
        var b = artists.Calls["b"];
        Assert.Equal(1, b.Index);
        Assert.Equal([new ListenerPlay(7, 3f, first), new ListenerPlay(7, 0f, latest)], b.Plays);
        Assert.Equal([new ListenerPlay(8, 1f)], artists.Calls["a"].Plays);
        Assert.Equal(0, (await buffer.FlushAsync()).Sent);
    }

    [Fact]
    public async Task Past_the_hold_limit_plays_wait_for_the_next_flush()
    {
        var artists = new FakeArtists();
        var buffer = new ListenerBuffer(artists.Factory, Options.Create(new LiveOptions { ListenerHoldLimit = 3 }), NullLogger<ListenerBuffer>.Instance);
        buffer.Add("a", 0, 1, 1f);
        buffer.Add("a", 0, 2, 1f);
        Assert.True(buffer.WaitForRoomAsync().IsCompleted);

        buffer.Add("a", 0, 3, 1f);
        var wait = buffer.WaitForRoomAsync();
        Assert.False(wait.IsCompleted);

        await buffer.FlushAsync();
        await wait.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.True(buffer.WaitForRoomAsync().IsCompleted);
        Assert.Equal(3, artists.Calls["a"].Plays.Length);
    }

    [Fact]
    public async Task Backpressure_holds_a_play_at_most_the_hold_wait_when_no_flush_comes()
    {
        var artists = new FakeArtists();
        var buffer = new ListenerBuffer(artists.Factory, Options.Create(new LiveOptions { ListenerHoldLimit = 1, ListenerHoldMaxWait = TimeSpan.FromMilliseconds(50) }), NullLogger<ListenerBuffer>.Instance);
        buffer.Add("a", 0, 1, 1f);

        await buffer.WaitForRoomAsync().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(1L, buffer.HoldTimeouts);
        Assert.Equal(1, buffer.Held);
        Assert.Empty(artists.Calls);
    }

    [Fact]
    public async Task A_failed_artist_call_keeps_its_changes_for_the_next_flush_and_acknowledges_only_before_them()
    {
        var artists = new FakeArtists { Failing = ["b"] };
        var buffer = new ListenerBuffer(artists.Factory, Options.Create(new LiveOptions()), NullLogger<ListenerBuffer>.Instance);
        buffer.Add("a", 0, user: 7, count: 1f, sequence: 1);
        buffer.Add("a", 0, user: 7, count: 1f, sequence: 2);
        buffer.Add("b", 1, user: 7, count: 1f, sequence: 2);
        buffer.Add("a", 0, user: 8, count: 1f, sequence: 3);

        var first = await buffer.FlushAsync();
        Assert.Equal(new ListenerFlushResult(3, 1), first);
        Assert.Equal(1, buffer.Held);
        Assert.Equal(1L, buffer.Acknowledged(7));
        Assert.Equal(3L, buffer.Acknowledged(8));
        Assert.Equal(1L, buffer.FailedCalls);

        // The kept change goes ahead of a newer one for the same artist.
        buffer.Add("b", 1, user: 7, count: 2f, sequence: 3);
        artists.Failing.Clear();
        Assert.Equal(new ListenerFlushResult(2, 0), await buffer.FlushAsync());
        Assert.Equal([new ListenerPlay(7, 1f, null, 2), new ListenerPlay(7, 2f, null, 3)], artists.Calls["b"].Plays);
        Assert.Equal(3L, buffer.Acknowledged(7));

        buffer.Forget(7, 3);
        Assert.Equal(0L, buffer.Acknowledged(7));
    }

    /// <summary>A grain factory whose artist grains record the listener updates they receive.</summary>
    private sealed class FakeArtists
    {
        public FakeArtists()
        {
            Factory = DispatchProxy.Create<IGrainFactory, Proxy>();
            ((Proxy)(object)Factory).Handler = (method, args) =>
            {
                Assert.Equal(nameof(IGrainFactory.GetGrain), method.Name);
                var key = (string)args![0]!;
                var grain = DispatchProxy.Create<IArtistGrain, Proxy>();
                ((Proxy)(object)grain).Handler = (call, values) =>
                {
                    Assert.Equal(nameof(IArtistGrain.AddListeners), call.Name);
                    if (Failing.Contains(key))
                    {
                        return Task.FromException<int>(new TimeoutException($"artist {key} is unreachable"));
                    }

                    var plays = (ImmutableArray<ListenerPlay>)values![2]!;
                    Calls[key] = ((int)values[0]!, [.. plays]);
                    return Task.FromResult(plays.Length);
                };
                return grain;
            };
        }

        public IGrainFactory Factory { get; }

        public HashSet<string> Failing { get; init; } = [];

        public ConcurrentDictionary<string, (int Index, ListenerPlay[] Plays)> Calls { get; } = new();
    }

    public class Proxy : DispatchProxy
    {
        public Func<MethodInfo, object?[]?, object?> Handler { get; set; } = (_, _) => null;

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) => Handler(targetMethod!, args);
    }
}
