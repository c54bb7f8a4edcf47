using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MusicRecs.Silo.Http;

/// <summary>
/// Reads a JSON request body with the API's options: 413 past the size limit, 400 naming the JSON path of a
/// value that does not parse, 400 for a missing body.
/// </summary>
public static class JsonBody
{
    public static async Task<(T? Value, ProblemHttpResult? Problem)> ReadAsync<T>(HttpRequest request, JsonSerializerOptions options, long maxBytes)
        where T : class
    {
        if (request.ContentLength > maxBytes)
        {
            return (null, Problems.BodyTooLarge(maxBytes));
        }

        if (request.ContentType is { } type && !type.Contains("json", StringComparison.OrdinalIgnoreCase))
        {
            return (null, Problems.Make(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", "media-type", "The request body must be application/json."));
        }

        try
        {
            var value = await JsonSerializer.DeserializeAsync<T>(request.Body, options, request.HttpContext.RequestAborted);
            return value is null ? (null, Problems.BadField("body", "The request body is empty or null; a JSON value is required.")) : (value, null);
        }
        catch (JsonException e)
        {
            var path = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "body" : e.Path.TrimStart('$', '.');
            return (null, Problems.BadField(path, e.LineNumber is null ? "The body is not valid JSON." : $"Not a valid value here (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1})."));
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, Problems.BodyTooLarge(maxBytes));
        }
    }
}
