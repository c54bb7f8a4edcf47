using Microsoft.Extensions.DependencyInjection;
using MusicRecs.Grains.Cluster;
using MusicRecs.Grains.Plays;
using MusicRecs.Grains.Storage.Packed;
using Orleans.Serialization;

namespace MusicRecs.Tests.Storage;

public sealed class PackedStateTests
{
    private static readonly Serializer Serializer = new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<Serializer>();

    private static T RoundTrip<T>(T value) => Serializer.Deserialize<T>(Serializer.SerializeToArray(value))!;

    private static SortedCounts RandomCounts(Random rng, int n, int range, bool timed, bool fractional)
    {
        var indexes = Enumerable.Range(0, range).OrderBy(_ => rng.Next()).Take(n).Order().ToArray();
        return new SortedCounts
        {
            Indexes = indexes,
            Counts = indexes.Select(_ => fractional && rng.Next(3) == 0 ? (float)(rng.NextDouble() * 1e4) : rng.Next(1, 2000)).ToArray(),
            Latest = timed ? indexes.Select(_ => 1_200_000_000L + rng.Next(0, 400_000_000)).ToArray() : [],
        };
    }

    [Fact]
    public void PlayListsReadBackBitForBit()
    {
        var rng = new Random(11);
        for (var round = 0; round < 200; round++)
        {
            var original = RandomCounts(rng, rng.Next(0, 300), rng.Next(300, 2_000_000), timed: rng.Next(2) == 0, fractional: rng.Next(2) == 0);
            var read = RoundTrip(original);
            Assert.Equal(original.Indexes, read.Indexes);
            Assert.Equal(original.Counts.Select(BitConverter.SingleToInt32Bits), read.Counts.Select(BitConverter.SingleToInt32Bits));
            Assert.Equal(original.Latest, read.Latest);
        }
    }

    [Fact]
    public void EveryKindOfFloatAndExtremeIndexReadsBack()
    {
        float[] counts = [0.5f, 1f, 16777216f, 3.4e38f, float.Epsilon, 4.611686E+18f, 9.2233715E+18f, float.PositiveInfinity, float.NaN, -0f, -3f, 0f, 1e15f];
        var original = new SortedCounts
        {
            Indexes = Enumerable.Range(0, counts.Length).Select(i => i switch { 0 => int.MinValue, 1 => -1, _ when i == counts.Length - 1 => int.MaxValue, _ => i * 1000 }).ToArray(),
            Counts = counts,
            Latest = Enumerable.Range(0, counts.Length).Select(i => i % 2 == 0 ? long.MaxValue - i : long.MinValue + i).ToArray(),
        };

        var read = SortedCountsConverter.Unpack(SortedCountsConverter.Pack(original));
        Assert.Equal(original.Indexes, read.Indexes);
        Assert.Equal(counts.Select(BitConverter.SingleToInt32Bits), read.Counts.Select(BitConverter.SingleToInt32Bits));
        Assert.Equal(original.Latest, read.Latest);
    }

    [Fact]
    public void AUsersPlaysTakeUnderHalfTheArraysBytes()
    {
        // A listener of 50 artists among 50,000, whole play counts below 2,000: the gaps and counts take about two bytes each.
        var plays = RandomCounts(new Random(3), 50, 50_000, timed: false, fractional: false);
        var packed = SortedCountsConverter.Pack(plays).Length;
        Assert.InRange(packed, 1, 50 * 4.5);
        Assert.True(Serializer.SerializeToArray(new UserState { Index = 1, Plays = plays }).Length < 50 * 8 / 2 + 64);
    }

    [Fact]
    public void OutboxesReadBackAndShrink()
    {
        var rng = new Random(5);
        var sequences = Enumerable.Range(0, 120).Select(i => 40L + i / 30).ToArray();
        var log = new OutboxLog
        {
            Sequences = sequences,
            Artists = sequences.Select(_ => rng.Next(0, 50_000)).ToArray(),
            Counts = sequences.Select(_ => rng.Next(4) == 0 ? 0.25f : rng.Next(1, 300)).ToArray(),
        };

        var state = RoundTrip(new UserState { Index = 7, OutboxSequence = 43, Outbox = log });
        Assert.Equal(log.Sequences, state.Outbox.Sequences);
        Assert.Equal(log.Artists, state.Outbox.Artists);
        Assert.Equal(log.Counts, state.Outbox.Counts);
        Assert.InRange(OutboxLogConverter.Pack(log).Length, 1, 120 * 16 / 2);
    }

    [Fact]
    public void ArtistStatesReadBackWithTheirSequences()
    {
        var rng = new Random(9);
        var listeners = RandomCounts(rng, 500, 200_000, timed: true, fractional: true);
        var original = new ArtistState { Index = 12, Name = "Ólafur Arnalds", Listeners = listeners, Sequences = listeners.Indexes.Select(_ => (long)rng.Next(1, 40)).ToArray() };
        var read = RoundTrip(original);
        Assert.Equal((original.Index, original.Name), (read.Index, read.Name));
        Assert.Equal(listeners.Indexes, read.Listeners.Indexes);
        Assert.Equal(listeners.Counts, read.Listeners.Counts);
        Assert.Equal(listeners.Latest, read.Listeners.Latest);
        Assert.Equal(original.Sequences, read.Sequences);
        Assert.Null(RoundTrip(new ArtistState()).Name);
    }

    [Fact]
    public void StatesStoredBeforeThePackedFormStillRead()
    {
        var old = new LegacyArtistState
        {
            Index = 3,
            Name = "Björk",
            Listeners = new LegacySortedCounts { Indexes = [2, 9, 40], Counts = [1f, 2.5f, 7f], Latest = [10, 20, 30] },
            Sequences = [4, 1, 9],
        };

        var read = Serializer.Deserialize<ArtistState>(Serializer.SerializeToArray(old))!;
        Assert.Equal((3, "Björk"), (read.Index, read.Name));
        Assert.Equal([2, 9, 40], read.Listeners.Indexes);
        Assert.Equal([1f, 2.5f, 7f], read.Listeners.Counts);
        Assert.Equal([10L, 20, 30], read.Listeners.Latest);
        Assert.Equal([4L, 1, 9], read.Sequences);
    }

    [Fact]
    public void DamagedPackedFormsFailNamingWhatAndWhere()
    {
        var packed = SortedCountsConverter.Pack(new SortedCounts { Indexes = [1, 5, 900], Counts = [1, 2, 3] });
        var truncated = Assert.Throws<FormatException>(() => SortedCountsConverter.Unpack(packed.AsSpan(0, packed.Length - 1)));
        Assert.Contains("packed play list", truncated.Message);
        Assert.Contains("truncated at byte", truncated.Message);

        var version = (byte[])packed.Clone();
        version[0] = 2;
        Assert.Contains("version 2", Assert.Throws<FormatException>(() => SortedCountsConverter.Unpack(version)).Message);

        var longer = packed.Append((byte)0).ToArray();
        Assert.Contains("left over", Assert.Throws<FormatException>(() => SortedCountsConverter.Unpack(longer)).Message);

        var misaligned = SortedCountsConverter.Pack(new SortedCounts { Indexes = [1, 5], Counts = [1] });
        Assert.Contains("do not align", Assert.Throws<FormatException>(() => SortedCountsConverter.Unpack(misaligned)).Message);

        var hugeLength = new byte[] { 1, 0xFF, 0xFF, 0xFF, 0x7F };
        Assert.Contains("exceeds", Assert.Throws<FormatException>(() => SortedCountsConverter.Unpack(hugeLength)).Message);

        var outbox = OutboxLogConverter.Pack(new OutboxLog { Sequences = [1], Artists = [3], Counts = [1] });
        Assert.Contains("packed outbox", Assert.Throws<FormatException>(() => OutboxLogConverter.Unpack(outbox.AsSpan(0, 3))).Message);
    }
}
