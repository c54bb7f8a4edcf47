namespace MusicRecs.Grains.Data;

/// <summary>Draws items with probability proportional to their weights (cumulative sums, binary search).</summary>
internal sealed class WeightedSampler
{
    private readonly int[] _items;
    private readonly double[] _cumulative;

    public WeightedSampler(int[] items, double[] weights)
    {
        if (items.Length == 0 || items.Length != weights.Length)
        {
            throw new ArgumentException("Need one weight per item and at least one item.", nameof(weights));
        }

        _items = items;
        _cumulative = new double[weights.Length];
        var sum = 0.0;
        for (var i = 0; i < weights.Length; i++)
        {
            sum += weights[i];
            _cumulative[i] = sum;
        }

        if (!(sum > 0) || !double.IsFinite(sum))
        {
            throw new ArgumentException("Weights must sum to a positive finite number.", nameof(weights));
        }
    }

    public int Count => _items.Length;

    public double Total => _cumulative[^1];

    public int Sample(Random random)
    {
        var target = random.NextDouble() * Total;
        var index = Array.BinarySearch(_cumulative, target);

        // Not found gives the complement of the first larger sum, which is the item drawn.
        index = index < 0 ? ~index : index + 1;
        return _items[Math.Min(index, _items.Length - 1)];
    }
}
