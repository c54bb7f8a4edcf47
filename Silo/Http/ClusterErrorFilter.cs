using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace MusicRecs.Silo.Http;

/// <summary>
/// Turns what escapes an API handler into problem+json: 503 when the cluster cannot be reached or does not
/// answer in time, 400 for an argument a grain refused, 500 otherwise. The exception is logged, never sent.
/// </summary>
public sealed class ClusterErrorFilter(ILogger<ClusterErrorFilter> logger) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (OperationCanceledException) when (context.HttpContext.RequestAborted.IsCancellationRequested)
        {
            return Results.Empty;
        }
        catch (Exception e) when (e is TimeoutException or OrleansException)
        {
            logger.LogWarning("{Method} {Path}: the cluster did not answer: {Type}: {Message}", context.HttpContext.Request.Method, context.HttpContext.Request.Path, e.GetType().Name, e.Message);
            return Problems.Unavailable("The cluster could not be reached or did not answer in time; retry shortly.");
        }
        catch (ArgumentException e)
        {
            return Problems.BadField(e.ParamName ?? "request", e.Message);
        }
        catch (Exception e)
        {
            logger.LogError(e, "{Method} {Path} failed", context.HttpContext.Request.Method, context.HttpContext.Request.Path);
            return Problems.Make(StatusCodes.Status500InternalServerError, "Internal error", "internal",
                $"The request failed inside the silo; its log has the details (trace {System.Diagnostics.Activity.Current?.TraceId.ToString() ?? context.HttpContext.TraceIdentifier}).");
        }
    }
}
