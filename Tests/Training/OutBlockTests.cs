using MusicRecs.GrainInterfaces;
using MusicRecs.Grains.Factorization;
using MusicRecs.Grains.Training;
using MusicRecs.Tests.Factorization;

namespace MusicRecs.Tests.Training;

/// <summary>An artist partition's out-block: the user rows it uses, grouped by snapshot block, and a solve against them.</summary>
public sealed class OutBlockTests
{
    private const int K = 16;

    [Fact]
    public void The_plan_lists_each_used_row_once_grouped_by_snapshot_block()
    {
        var excess = ThreeArtists();
        var plan = OutBlock.Plan(excess);

        Assert.Equal([3, 5_000, 8_200, 9_999], plan.Rows);
        Assert.Equal([0, 1, 2, 4], plan.GroupStarts);
        Assert.Equal([3], plan.Requests[0].ToArray());
        Assert.Equal([5_000], plan.Requests[1].ToArray());
        Assert.Equal([8_200, 9_999], plan.Requests[2].ToArray());
        Assert.Equal(4, plan.Local.Columns);
        Assert.Equal([0, 1, 1, 3, 0, 2], plan.Local.ColumnIndexes);
        Assert.Equal(excess.Values, plan.Local.Values);
        // Blocks 0 and 1 answer the one row asked; block 2 (1,808 rows) too, as 2 is under half of it.
        Assert.Equal(4 * 8 * sizeof(float), plan.Bytes(8));
    }

    [Fact]
    public void Solving_against_the_out_block_gives_the_factors_and_loss_of_the_whole_snapshot()
    {
        var (users, artistExcess, gramian, start, whole, wholeLoss) = SolvedAgainstTheWholeSnapshot(SolverKind.ConjugateGradient, seed: 2);

        var plan = OutBlock.Plan(artistExcess);
        Assert.True(plan.Rows.Length < users.Rows, "the test needs users no artist uses");

        // What the user blocks answer, assembled into a reused buffer: more rows than needed, garbage everywhere.
        // Even blocks answer the rows asked, odd ones the whole block (as a block asked for half its rows does).
        var fetched = plan.Requests.Select((rows, b) => rows.Length == 0 ? null : b % 2 == 0
            ? new FactorRows(rows.Length, K, rows.SelectMany(u => users.Vector(u).ToArray()).SelectMany(BitConverter.GetBytes).ToArray())
            : new FactorRows(4_096, K, Enumerable.Range(b * 4_096, 4_096).SelectMany(u => users.Vector(u).ToArray()).SelectMany(BitConverter.GetBytes).ToArray(), b * 4_096)).ToArray();
        var buffer = Enumerable.Repeat(float.NaN, (plan.Rows.Length + 7) * FactorMatrix.PaddedStride(K)).ToArray();
        var (compact, localExcess) = plan.Assemble(fetched, K, buffer, 2);
        Assert.Equal(plan.Rows.Length + 7, compact.Rows);
        Assert.Equal(compact.Rows, localExcess.Columns);

        var local = start.Clone();
        HalfSweep.Run(local, compact, localExcess, gramian, SolverKind.ConjugateGradient, 3, 2);
        Assert.Equal(whole.Data, local.Data);
        Assert.Equal(wholeLoss, Loss.RowTerms(local, compact, localExcess, gramian, 2));
    }

    [Theory]
    [InlineData(SolverKind.ConjugateGradient)]
    [InlineData(SolverKind.Cholesky)]
    public void Solving_in_place_over_whole_blocks_gives_the_factors_and_loss_of_the_whole_snapshot(SolverKind solver)
    {
        var (users, artistExcess, gramian, start, whole, wholeLoss) = SolvedAgainstTheWholeSnapshot(solver, seed: 3);

        // Every block answers whole, as blocks in the caller's silo do; the last block is short (808 rows).
        var plan = OutBlock.Plan(artistExcess);
        var fetched = plan.Requests.Select((rows, b) => rows.Length == 0 ? null : WholeBlock(users, b, K)).ToArray();
        Assert.True(OutBlock.CanReadInPlace(fetched, K));
        var (inPlace, globalExcess) = plan.ReadInPlace(fetched, K);
        Assert.True(inPlace.IsBlocked);
        Assert.Throws<InvalidOperationException>(() => inPlace.Data);
        Assert.Equal(users.Rows, inPlace.Rows);
        Assert.Equal(artistExcess.ColumnIndexes, globalExcess.ColumnIndexes);

        var read = start.Clone();
        HalfSweep.Run(read, inPlace, globalExcess, gramian, solver, 3, 2);
        Assert.Equal(whole.Data, read.Data);
        Assert.Equal(wholeLoss, Loss.RowTerms(read, inPlace, globalExcess, gramian, 2));
    }

    [Fact]
    public void Rows_are_read_in_place_only_when_every_block_answered_whole_and_rows_need_no_padding()
    {
        var users = RandomProblems.Factors(9_000, K, seed: 3, scale: 0.3f);
        var excess = new CsrMatrix(2, 9_000, [0, 2, 3], [3, 5_000, 8_200], [1f, 2f, 3f]);
        var plan = OutBlock.Plan(excess);
        var whole = Enumerable.Range(0, 3).Select(b => WholeBlock(users, b, K)).ToArray();
        Assert.True(OutBlock.CanReadInPlace(whole, K));

        // Block 1 answered only the row asked (a block in another silo, asked for under half its rows).
        var partial = (FactorRows?[])whole.Clone();
        partial[1] = new FactorRows(1, K, users.Vector(5_000).ToArray().SelectMany(BitConverter.GetBytes).ToArray());
        Assert.False(OutBlock.CanReadInPlace(partial, K));
        Assert.Throws<InvalidOperationException>(() => plan.ReadInPlace(partial, K));

        // 20 factors are padded to 32 in a matrix row, and the stored rows are not.
        Assert.False(OutBlock.CanReadInPlace([null, null, null], 20));
        Assert.Throws<ArgumentException>(() => FactorMatrix.OverBlocks(10, 20, [[]], 12));
    }

    /// <summary>
    /// 300 artists' half-sweep against 9,000 users of k = 16 factors (seeds seed, seed + 2, seed + 4): its inputs, the factors
    /// solved against the whole user snapshot and their loss terms.
    /// </summary>
    private static (FactorMatrix Users, CsrMatrix ArtistExcess, float[] Gramian, FactorMatrix Start, FactorMatrix Whole, double WholeLoss) SolvedAgainstTheWholeSnapshot(SolverKind solver, int seed)
    {
        var users = RandomProblems.Factors(9_000, K, seed: seed, scale: 0.3f);
        var plays = RandomProblems.Plays(9_000, 300, 0.002, seed: seed + 2, everyUserPlays: false);
        var artistExcess = Confidence.ExcessMatrix(plays, ConfidenceScheme.Linear, 2f, 1f).Transpose();
        var gramian = Gramian.Compute(users, 0.5f, 2);
        var start = RandomProblems.Factors(300, K, seed: seed + 4, scale: 0.1f);
        var whole = start.Clone();
        HalfSweep.Run(whole, users, artistExcess, gramian, solver, 3, 2);
        return (users, artistExcess, gramian, start, whole, Loss.RowTerms(whole, users, artistExcess, gramian, 2));
    }

    /// <summary>Three artists over 10,000 users (three user blocks of 4,096); users 3 and 5,000 are listened to by two artists each.</summary>
    private static CsrMatrix ThreeArtists() => new CsrMatrix(3, 10_000, [0, 2, 4, 6], [3, 5_000, 5_000, 9_999, 3, 8_200], [1f, 2f, 3f, 4f, 5f, 6f]);

    private static FactorRows WholeBlock(FactorMatrix users, int b, int k)
    {
        var first = b * SnapshotKeys.BlockRows;
        var rows = Math.Min(SnapshotKeys.BlockRows, users.Rows - first);
        return new FactorRows(rows, k, Enumerable.Range(first, rows).SelectMany(u => users.Vector(u).ToArray()).SelectMany(BitConverter.GetBytes).ToArray(), first);
    }

    [Fact]
    public void The_columns_are_renumbered_in_place_between_the_two_numberings()
    {
        var excess = ThreeArtists();
        var original = (int[])excess.ColumnIndexes.Clone();
        var plan = OutBlock.Plan(excess);
        var local = plan.Local;

        for (var round = 0; round < 2; round++)
        {
            var global = plan.Global();
            Assert.Equal(original, global.ColumnIndexes);
            Assert.Equal(10_000, global.Columns);
            Assert.Same(local.ColumnIndexes, global.ColumnIndexes);
            Assert.Same(global, plan.Global());

            Assert.Equal([0, 1, 1, 3, 0, 2], plan.Local.ColumnIndexes);
            Assert.Equal(4, plan.Local.Columns);
            Assert.Same(local, plan.Local);
        }
    }

    [Theory]
    [InlineData(SolverKind.ConjugateGradient)]
    [InlineData(SolverKind.Cholesky)]
    public void Solving_into_a_blocks_bytes_gives_the_factors_of_a_matrix(SolverKind solver)
    {
        var (users, artistExcess, gramian, start, whole, _) = SolvedAgainstTheWholeSnapshot(solver, seed: 5);
        var bytes = new byte[start.Rows * K * sizeof(float)];
        var target = FactorMatrix.OverBytes(start.Rows, K, bytes);
        for (var r = 0; r < start.Rows; r++)
        {
            start.Vector(r).CopyTo(target.Row(r));
        }

        HalfSweep.Run(target, users, artistExcess, gramian, solver, 3, 2);
        Assert.Equal(whole.Data.SelectMany(BitConverter.GetBytes), bytes);
        Assert.Equal(whole.RowRange(4, 4).ToArray(), target.RowRange(4, 4).ToArray());
        Assert.Throws<ArgumentException>(() => FactorMatrix.OverBytes(3, 20, new byte[3 * 20 * sizeof(float)]));
        Assert.Throws<ArgumentException>(() => FactorMatrix.OverBytes(3, K, new byte[(3 * K * sizeof(float)) - 1]));
    }

    [Fact]
    public void A_column_past_the_other_side_is_refused()
    {
        var excess = new CsrMatrix(1, 4_096, [0, 1], [4_096], [1f]);
        var error = Assert.Throws<InvalidOperationException>(() => OutBlock.Plan(excess));
        Assert.Contains("4096", error.Message);
    }
}
