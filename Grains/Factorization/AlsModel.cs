namespace MusicRecs.Grains.Factorization;

/// <summary>
/// Trained factors: x_u per user, y_i per artist, and the options they were trained with
/// (the confidence scheme is needed again to fold in or explain a user).
/// </summary>
public sealed class AlsModel
{
    private float[]? _artistGramian;
    private float[]? _artistNorms;

    public AlsModel(FactorMatrix users, FactorMatrix artists, AlsOptions options, IReadOnlyList<IterationReport>? history = null)
    {
        if (users.Factors != artists.Factors)
        {
            throw new ArgumentException($"User factors have {users.Factors} components, artist factors {artists.Factors}.", nameof(artists));
        }

        Users = users;
        Artists = artists;
        Options = options;
        History = history ?? [];
    }

    public FactorMatrix Users { get; }

    public FactorMatrix Artists { get; }

    public AlsOptions Options { get; }

    public IReadOnlyList<IterationReport> History { get; }

    public int Factors => Artists.Factors;

    /// <summary>Y^T Y + lambda I, shared by every fold-in and explanation.</summary>
    public float[] ArtistGramian => _artistGramian ??= Gramian.Compute(Artists, Options.Regularization, Options.EffectiveThreads);

    /// <summary>s(u,i) = x_u . y_i.</summary>
    public float Score(int user, int artist) => Simd.Dot(Users.Row(user), Artists.Row(artist));

    /// <summary>scores[i] = x . y_i for every artist; <paramref name="x"/> is a padded factor row.</summary>
    public void ScoreAll(ReadOnlySpan<float> x, Span<float> scores) => FactorScoring.ScoreAll(Artists, x, scores);

    /// <summary>
    /// Exact fold-in of one user against the fixed artist factors: the same least-squares step as training,
    /// x_u = (Y^T C_u Y + lambda I)^-1 Y^T C_u p_u. Artists must be sorted and distinct.
    /// </summary>
    public float[] FoldIn(ReadOnlySpan<int> artists, ReadOnlySpan<float> plays) =>
        Factorization.FoldIn.Solve(Artists, ArtistGramian, artists, ExcessOf(artists, plays));

    /// <summary>
    /// HKV section 5: s(u,i) = sum over played j of (y_i^T W_u y_j) c_uj with W_u = (Y^T C_u Y + lambda I)^-1.
    /// Returns one contribution per played artist (same order as <paramref name="artists"/>); they sum to the
    /// score of the exact fold-in of that history.
    /// </summary>
    public float[] Explain(ReadOnlySpan<int> artists, ReadOnlySpan<float> plays, int artist) =>
        Factorization.FoldIn.Explain(Artists, ArtistGramian, artists, ExcessOf(artists, plays), artist);

    /// <summary>Cosine similarity of every artist with <paramref name="artist"/>; zero vectors score 0.</summary>
    public void Similarities(int artist, Span<float> similarities)
    {
        var norms = _artistNorms ??= FactorScoring.RowNorms(Artists);
        ScoreAll(Artists.Row(artist), similarities);
        var own = norms[artist];
        for (var i = 0; i < similarities.Length; i++)
        {
            var d = own * norms[i];
            similarities[i] = d > 0f ? similarities[i] / d : 0f;
        }
    }

    public float[] ExcessOf(ReadOnlySpan<int> artists, ReadOnlySpan<float> plays)
    {
        if (artists.Length != plays.Length)
        {
            throw new ArgumentException($"{artists.Length} artists but {plays.Length} play counts.", nameof(plays));
        }

        for (var t = 0; t < plays.Length; t++)
        {
            if ((uint)artists[t] >= (uint)Artists.Rows)
            {
                throw new ArgumentOutOfRangeException(nameof(artists), $"Artist index {artists[t]} is outside the model's {Artists.Rows} artists.");
            }

            if (t > 0 && artists[t] <= artists[t - 1])
            {
                throw new ArgumentException("Artist indexes must be sorted and distinct.", nameof(artists));
            }

            if (!(plays[t] > 0f) || !float.IsFinite(plays[t]))
            {
                throw new ArgumentOutOfRangeException(nameof(plays), $"Play count {plays[t]} of artist {artists[t]} must be positive and finite.");
            }

        }

        return Confidence.Of(plays, Options);
    }
}
