using Microsoft.AspNetCore.Http;

namespace MusicRecs.Silo.Http;

/// <summary>
/// Puts the Orleans dashboard (<see cref="Prefix"/>) behind the API key. A browser opens
/// <c>/dashboard/?key=KEY</c> once: the key goes into an HttpOnly, same-site cookie scoped to the dashboard
/// and the address is reloaded without it; scripts may send <see cref="ApiKeys.Header"/> instead.
/// </summary>
public static class DashboardKey
{
    public const string Prefix = "/dashboard";

    /// <summary>Every other path goes straight on, without an async frame of its own.</summary>
    public static Task InvokeAsync(HttpContext context, ApiKeys keys, RequestDelegate next) =>
        context.Request.Path.StartsWithSegments(Prefix) ? CheckAsync(context, keys, next) : next(context);

    private static async Task CheckAsync(HttpContext context, ApiKeys keys, RequestDelegate next)
    {
        var fromQuery = context.Request.Query["key"].ToString();
        var presented = context.Request.Headers[ApiKeys.Header].ToString() is { Length: > 0 } header ? header
            : fromQuery.Length > 0 ? fromQuery
            : context.Request.Cookies[ApiKeys.Cookie];
        if (ApiKeyFilter.Check(keys, presented, write: false) is { } problem)
        {
            await problem.ExecuteAsync(context);
            return;
        }

        if (fromQuery.Length > 0)
        {
            context.Response.Cookies.Append(ApiKeys.Cookie, fromQuery, new CookieOptions
            {
                HttpOnly = true,
                SameSite = SameSiteMode.Strict,
                Path = Prefix,
                IsEssential = true,
            });
            context.Response.Redirect(context.Request.PathBase + context.Request.Path);
            return;
        }

        await next(context);
    }
}
