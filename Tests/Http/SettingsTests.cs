using Microsoft.Extensions.Configuration;
using MusicRecs.Silo;
using MusicRecs.Silo.Http;

namespace MusicRecs.Tests.Http;

/// <summary>MusicRecs:Http settings: defaults, validation by name, and ids turned into producer and sequence.</summary>
public sealed class SettingsTests
{
    private static SiloSettings Load(params (string Key, string Value)[] values) =>
        SettingsValidator.Load(new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build());

    [Fact]
    public void Http_is_on_by_default_at_port_5080()
    {
        var http = Load().Http;
        Assert.True(http.Enabled);
        Assert.Equal("http://127.0.0.1:5080", http.Urls);
        Assert.False(http.RequireKeyForReads);
        Assert.True(http.InlineScheduling);
        Assert.False(Load(("MusicRecs:Http:InlineScheduling", "false")).Http.InlineScheduling);
    }

    [Theory]
    [InlineData("MusicRecs:Http:Port", "80", "MusicRecs:Http:Port")]
    [InlineData("MusicRecs:Http:Urls", "ftp://127.0.0.1:21", "MusicRecs:Http:Urls")]
    [InlineData("MusicRecs:Http:ApiKeys", "short", "MusicRecs:Http:ApiKeys")]
    [InlineData("MusicRecs:Http:MaxBatch", "0", "MusicRecs:Http:MaxBatch")]
    [InlineData("MusicRecs:Http:WritesPerSecond", "0", "MusicRecs:Http:WritesPerSecond")]
    public void Bad_http_settings_are_refused_by_name(string key, string value, string named)
    {
        var e = Assert.Throws<SiloConfigurationException>(() => Load((key, value)));
        Assert.Contains(named, e.Message);
        Assert.DoesNotContain("short", e.Message);
    }

    [Fact]
    public void Producers_are_forgotten_after_thirty_idle_days_unless_configured_otherwise()
    {
        Assert.Equal(TimeSpan.FromDays(30), Load().Live.ProducerMaxIdle);
        Assert.Equal(TimeSpan.FromDays(2), Load(("MusicRecs:Live:ProducerMaxIdle", "2.00:00:00")).Live.ProducerMaxIdle);
        var e = Assert.Throws<SiloConfigurationException>(() => Load(("MusicRecs:Live:ProducerMaxIdle", "00:00:00")));
        Assert.Contains("MusicRecs:Live:ProducerMaxIdle", e.Message);
    }

    [Fact]
    public void Heap_compaction_is_at_twice_what_was_live_and_off_or_in_range_when_set()
    {
        Assert.Equal(1.5, Load().Live.HeapCompactionGrowth);
        Assert.Equal(0, Load(("MusicRecs:Live:HeapCompactionGrowth", "0")).Live.HeapCompactionGrowth);
        var e = Assert.Throws<SiloConfigurationException>(() => Load(("MusicRecs:Live:HeapCompactionGrowth", "1.05")));
        Assert.Contains("MusicRecs:Live:HeapCompactionGrowth", e.Message);
        Assert.Equal(768, Load().Live.HeapCompactionFloorMegabytes);
        Assert.Equal(1024, Load(("MusicRecs:Live:HeapCompactionFloorMegabytes", "1024")).Live.HeapCompactionFloorMegabytes);
        var floor = Assert.Throws<SiloConfigurationException>(() => Load(("MusicRecs:Live:HeapCompactionFloorMegabytes", "32")));
        Assert.Contains("MusicRecs:Live:HeapCompactionFloorMegabytes 32", floor.Message);
    }

    [Fact]
    public void Keys_are_checked_in_full()
    {
        var keys = new ApiKeys(new HttpSettings { ApiKeys = "first-key-0123456789, second-key-0123456789" });
        Assert.Equal(KeyCheck.Valid, keys.Check("second-key-0123456789"));
        Assert.Equal(KeyCheck.Wrong, keys.Check("second-key-012345678"));
        Assert.Equal(KeyCheck.Missing, keys.Check(null));
        Assert.Equal(KeyCheck.NoneConfigured, new ApiKeys(new HttpSettings()).Check("anything-at-all-here"));
    }

    [Theory]
    [InlineData("phone-7:1042", "http-id/phone-7:", 1042)]
    [InlineData("17", "http-id/", 17)]
    [InlineData("x01", "http-id/x0", 1)]
    [InlineData("x00", "http-id/x0", 0)]
    [InlineData("abc", "http-id=abc", 0)]
    [InlineData("a1234567890123456789", "http-id=a1234567890123456789", 0)]
    public void Play_ids_become_producer_and_sequence(string id, string producer, long sequence) =>
        Assert.Equal((producer, sequence), PlayIds.FromId(id));

    [Fact]
    public void Distinct_play_ids_never_share_producer_and_sequence()
    {
        var ids = new[] { "1", "01", "001", "10", "x1", "x01", "x10", "x0", "x00", "x", "x0 ", "p-9", "p-09", "p-90" };
        Assert.Equal(ids.Length, ids.Select(PlayIds.FromId).Distinct().Count());
    }
}
