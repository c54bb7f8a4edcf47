using MusicRecs.Grains.Evaluation;
using MusicRecs.Grains.Factorization;

namespace MusicRecs.Tests.Evaluation;

public sealed class HoldoutTests
{
    private static readonly CsrMatrix Plays = RandomPlays.Create(users: 300, artists: 120, maxPerUser: 30, seed: 3);

    [Fact]
    public void KeepsShape()
    {
        var (train, test) = Holdout.Split(Plays);

        Assert.Equal((Plays.Rows, Plays.Columns), (train.Rows, train.Columns));
        Assert.Equal((Plays.Rows, Plays.Columns), (test.Rows, test.Columns));
    }

    [Fact]
    public void TrainAndTestPartitionTheInput()
    {
        var (train, test) = Holdout.Split(Plays);

        Assert.Equal(Plays.NonZeros, train.NonZeros + test.NonZeros);
        for (var u = 0; u < Plays.Rows; u++)
        {
            var trainRow = train.RowIndexes(u).ToArray();
            var testRow = test.RowIndexes(u).ToArray();
            Assert.Empty(trainRow.Intersect(testRow));

            var merged = trainRow.Concat(testRow).Order().ToArray();
            Assert.Equal(Plays.RowIndexes(u).ToArray(), merged);
            foreach (var a in merged)
            {
                Assert.Equal(Plays.Get(u, a), train.Get(u, a) + test.Get(u, a));
            }
        }
    }

    [Theory]
    [InlineData(0.2, 5)]
    [InlineData(0.5, 2)]
    [InlineData(0.1, 10)]
    public void HoldsOutTheRoundedFractionOfEligibleUsers(double fraction, int minRows)
    {
        var (_, test) = Holdout.Split(Plays, fraction, minRows);

        for (var u = 0; u < Plays.Rows; u++)
        {
            var n = Plays.RowLength(u);
            var expected = n >= minRows ? Math.Max(1, (int)Math.Round(fraction * n, MidpointRounding.AwayFromZero)) : 0;
            Assert.Equal(expected, test.RowLength(u));
        }
    }

    [Fact]
    public void IsDeterministicPerSeed()
    {
        var (trainA, testA) = Holdout.Split(Plays, seed: 11);
        var (trainB, testB) = Holdout.Split(Plays, seed: 11);
        var (_, testC) = Holdout.Split(Plays, seed: 12);

        Assert.Equal(trainA.ColumnIndexes, trainB.ColumnIndexes);
        Assert.Equal(testA.ColumnIndexes, testB.ColumnIndexes);
        Assert.Equal(testA.RowStarts, testC.RowStarts);
        Assert.NotEqual(testA.ColumnIndexes, testC.ColumnIndexes);
    }

    [Fact]
    public void RejectsBadFraction()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Holdout.Split(Plays, testFraction: 0.0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Holdout.Split(Plays, testFraction: 1.5));
    }
}
