namespace MusicRecs.Grains.Factorization;

/// <summary>Scratch buffers for one thread's row solves; the CG vectors hold a batch of rows.</summary>
public sealed class SolverWorkspace(int stride)
{
    public int Stride { get; } = stride;

    public float[] Matrix { get; } = new float[stride * stride];

    public float[] Rhs { get; } = new float[stride];

    public float[] Residual { get; } = new float[RowSolver.Batch * stride];

    public float[] Direction { get; } = new float[RowSolver.Batch * stride];

    public float[] Product { get; } = new float[RowSolver.Batch * stride];
}
