using System.Text.Json;

namespace MusicRecs.Tests.Processes;

/// <summary>
/// What the musicrecs tool reports about a few users and the model, in a comparable form: histories
/// (plays per artist, order-free), recommendations (model version, source, artists with exact scores)
/// and the status (catalog sizes, published version, training phase).
/// </summary>
internal sealed record ClusterSnapshot(
    IReadOnlyDictionary<string, string> Histories,
    IReadOnlyDictionary<string, string> Recommendations,
    int ModelVersion,
    string Status)
{
    public static async Task<ClusterSnapshot> TakeAsync(ProcessCluster cluster, IReadOnlyList<string> users)
    {
        var histories = new Dictionary<string, string>();
        var recommendations = new Dictionary<string, string>();
        var versions = new HashSet<int>();
        foreach (var user in users)
        {
            var history = (await cluster.ClientAsync("history", user, "--json")).LastJson();
            histories[user] = NormalHistory(history);

            var answer = (await cluster.ClientAsync("recommend", user, "--json")).LastJson();
            versions.Add(answer.GetProperty("model_version").GetInt32());
            recommendations[user] = NormalRecommendations(answer);
        }

        var status = (await cluster.ClientAsync("status", "--json")).LastJson();
        Assert.Single(versions);
        return new ClusterSnapshot(histories, recommendations, versions.Single(), NormalStatus(status));
    }

    /// <summary>The plays of each artist, sorted by artist id (ties in play count may list in any order).</summary>
    private static string NormalHistory(JsonElement history)
    {
        var artists = history.GetProperty("artists").EnumerateArray()
            .Select(a => $"{a.GetProperty("artist").GetString()}={a.GetProperty("plays").GetRawText()}@{Raw(a, "last_played")}")
            .Order(StringComparer.Ordinal);
        return $"{history.GetProperty("user").GetString()} #{history.GetProperty("index").GetInt32()}: {string.Join(", ", artists)}";
    }

    /// <summary>Version, source, then the artists in rank order with their scores as printed (round-trip floats).</summary>
    private static string NormalRecommendations(JsonElement answer)
    {
        var artists = answer.GetProperty("artists").EnumerateArray()
            .Select(a => $"{a.GetProperty("artist").GetString()}:{a.GetProperty("score").GetRawText()}");
        return $"v{answer.GetProperty("model_version").GetInt32()} {answer.GetProperty("source").GetString()}: {string.Join(", ", artists)}";
    }

    private static string NormalStatus(JsonElement status)
    {
        var training = status.GetProperty("training");
        var published = status.GetProperty("published");
        return string.Join(
            "; ",
            $"users {status.GetProperty("users").GetRawText()}",
            $"artists {status.GetProperty("artists").GetRawText()}",
            $"phase {training.GetProperty("phase").GetString()}",
            $"losses {training.GetProperty("losses").GetRawText()}",
            $"published {(published.ValueKind == JsonValueKind.Null ? "none" : published.GetProperty("version").GetRawText() + " run " + published.GetProperty("run_id").GetString())}");
    }

    public override string ToString() =>
        $"model version {ModelVersion}; status {Status}; {string.Join(" | ", Recommendations.Select(r => $"{r.Key}: {r.Value}"))}";

    private static string Raw(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) ? value.GetRawText() : "-";
}
