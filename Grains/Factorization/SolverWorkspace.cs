namespace MusicRecs.Grains.Factorization;

/// <summary>Scratch buffers for one thread's row solves, sized for one stride.</summary>
public sealed class SolverWorkspace(int stride)
{
    public int Stride { get; } = stride;

    public float[] Matrix { get; } = new float[stride * stride];

    public float[] Rhs { get; } = new float[stride];

    public float[] Residual { get; } = new float[stride];

    public float[] Direction { get; } = new float[stride];

    public float[] Product { get; } = new float[stride];
}
