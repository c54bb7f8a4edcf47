using MusicRecs.Grains.Hosting;

namespace MusicRecs.Tests.Hosting;

/// <summary>Catalog partition settings the silo refuses at start.</summary>
public sealed class TrainingRuntimeOptionsValidatorTests
{
    [Fact]
    public void The_defaults_are_accepted() =>
        Assert.Null(TrainingRuntimeOptionsValidator.Check(new TrainingRuntimeOptions()));

    [Theory]
    [InlineData(0, 64, "MusicRecs:Training:CatalogPartitionRows 0")]
    [InlineData(-5, 64, "MusicRecs:Training:CatalogPartitionRows -5")]
    [InlineData(65_536, 0, "MusicRecs:Training:CatalogLookupPartitions 0")]
    [InlineData(65_536, 65_537, "MusicRecs:Training:CatalogLookupPartitions 65537")]
    public void Catalog_partitions_that_cannot_lay_out_a_catalog_are_refused_naming_the_key(int rows, int lookups, string expected)
    {
        var failure = TrainingRuntimeOptionsValidator.Check(new TrainingRuntimeOptions { CatalogPartitionRows = rows, CatalogLookupPartitions = lookups });
        Assert.NotNull(failure);
        Assert.StartsWith(expected, failure);
    }
}
