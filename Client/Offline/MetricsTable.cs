using MusicRecs.Client.Output;
using MusicRecs.Grains.Evaluation;

namespace MusicRecs.Client.Offline;

internal static class MetricsTable
{
    public static void Print(Reporter report, IEnumerable<(string Name, EvaluationResult Result)> rows)
    {
        report.Line($"{"model",-12} {"P@10",8} {"R@10",8} {"MAP@10",8} {"NDCG@10",8} {"AUC",8} {"EPR",8} {"EPR(w)",8}  users");
        foreach (var (name, r) in rows)
        {
            report.Line($"{name,-12} {r.Precision,8:F4} {r.Recall,8:F4} {r.Map,8:F4} {r.Ndcg,8:F4} {r.Auc,8:F4} {r.Epr,8:F4} {r.EprWeighted,8:F4}  {r.Users}");
        }
    }
}
