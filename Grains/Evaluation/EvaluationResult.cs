using System.Globalization;

namespace MusicRecs.Grains.Evaluation;

/// <summary>
/// Aggregated metrics of one evaluation run. P/R/MAP/NDCG/AUC are means over the evaluated users;
/// EPR and weighted EPR are pooled over all test pairs. A metric with nothing to average is NaN.
/// </summary>
public sealed record EvaluationResult(
    int K,
    int Users,
    double Precision,
    double Recall,
    double Map,
    double Ndcg,
    double Auc,
    double Epr,
    double EprWeighted)
{
    /// <summary>The metrics under their report names, the cutoff in the top-k names (e.g. <c>ndcg@10</c>).</summary>
    public Dictionary<string, object> ToJsonObject()
    {
        var k = K.ToString(CultureInfo.InvariantCulture);
        return new Dictionary<string, object>
        {
            ["precision@" + k] = Precision,
            ["recall@" + k] = Recall,
            ["map@" + k] = Map,
            ["ndcg@" + k] = Ndcg,
            ["auc"] = Auc,
            ["epr"] = Epr,
            ["epr_weighted"] = EprWeighted,
            ["users"] = Users,
        };
    }
}
