using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace MusicRecs.Silo.Http;

/// <summary>RFC 7807 answers: a title per class of error, a detail that says what to change, never a stack trace.</summary>
public static class Problems
{
    private const string TypeBase = "https://musicrecs.invalid/problems/";

    /// <summary>400 naming the request field that is wrong (also under <c>errors</c>, keyed by the field).</summary>
    public static ProblemHttpResult BadField(string field, string message) =>
        TypedResults.Problem(new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] })
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "Invalid request",
            Type = TypeBase + "invalid-request",
            Detail = $"{field}: {message}",
            Extensions = { ["field"] = field },
        });

    public static ProblemHttpResult NotFound(string what, string id) =>
        Make(StatusCodes.Status404NotFound, $"Unknown {what}", "not-found", $"No {what} '{Shorten(id)}' is known to the cluster.");

    public static ProblemHttpResult TooLarge(string field, int count, int max) =>
        Make(StatusCodes.Status413PayloadTooLarge, "Request too large", "too-large", $"{field} holds {count} entries; at most {max} are accepted in one request.", field);

    /// <summary>A batch must hold at least one entry (400 with <paramref name="empty"/>) and at most <paramref name="max"/> (413); null when it does.</summary>
    public static ProblemHttpResult? BatchSize(string field, int count, int max, string empty) =>
        count == 0 ? BadField(field, empty) : count > max ? TooLarge(field, count, max) : null;

    public static ProblemHttpResult BodyTooLarge(long max) =>
        Make(StatusCodes.Status413PayloadTooLarge, "Request too large", "too-large", $"The request body is larger than {max} bytes.");

    public static ProblemHttpResult Conflict(string detail) =>
        Make(StatusCodes.Status409Conflict, "Conflict", "conflict", detail);

    public static ProblemHttpResult Unavailable(string detail) =>
        Make(StatusCodes.Status503ServiceUnavailable, "Cluster unavailable", "unavailable", detail);

    public static ProblemHttpResult Make(int status, string title, string type, string detail, string? field = null)
    {
        var problem = new ProblemDetails { Status = status, Title = title, Type = TypeBase + type, Detail = detail };
        if (field is not null)
        {
            problem.Extensions["field"] = field;
        }

        return TypedResults.Problem(problem);
    }

    /// <summary>An id as it may appear in an answer: at most 80 characters.</summary>
    public static string Shorten(string id) => id.Length <= 80 ? id : id[..80] + "...";
}
