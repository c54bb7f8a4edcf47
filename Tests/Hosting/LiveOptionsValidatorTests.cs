using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using MusicRecs.Client.Processes;
using MusicRecs.Grains.Hosting;
using MusicRecs.Silo;

namespace MusicRecs.Tests.Hosting;

/// <summary>The stream cache must keep events longer than backpressure can hold one.</summary>
public sealed class LiveOptionsValidatorTests
{
    [Fact]
    public void The_defaults_pass_with_room_to_spare()
    {
        var live = new LiveOptions();
        Assert.Null(LiveOptionsValidator.Check(live));
        Assert.True(live.MemoryStreamCacheMinTime >= live.ListenerHoldMaxWait * LiveOptionsValidator.CacheMargin);
    }

    [Theory]
    [InlineData(2, 3, 10)]
    [InlineData(2, 5, 3)]
    [InlineData(6, 5, 10)]
    public void A_cache_shorter_than_twice_the_longest_hold_is_refused_naming_the_keys(int holdSeconds, int minSeconds, int maxSeconds)
    {
        var failure = LiveOptionsValidator.Check(new LiveOptions
        {
            ListenerHoldMaxWait = TimeSpan.FromSeconds(holdSeconds),
            MemoryStreamCacheMinTime = TimeSpan.FromSeconds(minSeconds),
            MemoryStreamCacheMaxAge = TimeSpan.FromSeconds(maxSeconds),
        });
        Assert.NotNull(failure);
        Assert.Contains("MusicRecs:Live:MemoryStreamCacheMinTime", failure);
        Assert.Contains("MusicRecs:Live:MemoryStreamCacheMaxAge", failure);
        Assert.Contains("MusicRecs:Live:ListenerHoldMaxWait", failure);
    }

    [Fact]
    public void A_shorter_hold_makes_a_short_cache_acceptable()
    {
        Assert.Null(LiveOptionsValidator.Check(new LiveOptions
        {
            ListenerHoldMaxWait = TimeSpan.FromSeconds(1),
            MemoryStreamCacheMinTime = TimeSpan.FromSeconds(2),
            MemoryStreamCacheMaxAge = TimeSpan.FromSeconds(2),
        }));
        Assert.Contains("ListenerHoldMaxWait", LiveOptionsValidator.Check(new LiveOptions { ListenerHoldMaxWait = TimeSpan.Zero }));
    }

    [Fact]
    public void The_silo_settings_refuse_it_by_name()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["MusicRecs:Live:ListenerHoldMaxWait"] = "00:00:04",
        }).Build();
        var e = Assert.Throws<SiloConfigurationException>(() => SettingsValidator.Load(configuration));
        Assert.Contains("MusicRecs:Live:ListenerHoldMaxWait", e.Message);
        Assert.Contains("MusicRecs:Live:MemoryStreamCacheMinTime", e.Message);
    }

    [Fact]
    public async Task A_silo_with_such_options_does_not_start()
    {
        var ports = FreePorts.Take(2);
        using var host = Host.CreateDefaultBuilder()
            .UseOrleans(silo =>
            {
                silo.UseLocalhostClustering(ports[0], ports[1], new IPEndPoint(IPAddress.Loopback, ports[0]));
                silo.AddMusicRecsServices();
                silo.AddMusicRecsMemoryStorage();
                silo.Services.Configure<LiveOptions>(o => o.MemoryStreamCacheMinTime = TimeSpan.FromSeconds(3));
            })
            .Build();
        var e = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains("MusicRecs:Live:MemoryStreamCacheMinTime", e.Message);
    }
}
