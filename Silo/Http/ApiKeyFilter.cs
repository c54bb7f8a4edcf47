using Microsoft.AspNetCore.Http;

namespace MusicRecs.Silo.Http;

/// <summary>
/// Requires <see cref="ApiKeys.Header"/> on writes (and on reads when <see cref="ApiKeys.RequireForReads"/>):
/// 401 without a key, 403 with a wrong one, 403 for writes on a silo that has no key configured.
/// </summary>
public sealed class ApiKeyFilter(ApiKeys keys, bool write) : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (!write && !keys.RequireForReads)
        {
            return next(context);
        }

        var problem = Check(keys, context.HttpContext.Request.Headers[ApiKeys.Header].ToString(), write);
        return problem is null ? next(context) : ValueTask.FromResult<object?>(problem);
    }

    /// <summary>Null when the key admits the request, else the problem to answer with.</summary>
    public static IResult? Check(ApiKeys keys, string? presented, bool write) => keys.Check(presented) switch
    {
        KeyCheck.Valid => null,
        KeyCheck.NoneConfigured => Problems.Make(StatusCodes.Status403Forbidden, "Forbidden", "no-key-configured",
            $"This silo has no API key configured, so it refuses {(write ? "writes" : "requests that need a key")}: set MusicRecs:Http:ApiKeys or {HttpSettings.KeyVariable}."),
        KeyCheck.Missing => Problems.Make(StatusCodes.Status401Unauthorized, "API key required", "key-required",
            $"This request needs an API key in the {ApiKeys.Header} header."),
        _ => Problems.Make(StatusCodes.Status403Forbidden, "Forbidden", "wrong-key", $"The key in {ApiKeys.Header} is not valid for this silo."),
    };
}
