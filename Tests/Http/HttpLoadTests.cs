using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using MusicRecs.Client.Http;
using MusicRecs.Client.Processes;

namespace MusicRecs.Tests.Http;

/// <summary>The load generator of 'bench http' counts a request as done only when it is 200 with one complete JSON value.</summary>
public sealed class HttpLoadTests
{
    [Fact]
    public async Task Counts_only_complete_json_answers_with_status_200()
    {
        var port = FreePorts.Take(1)[0];
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        await using var app = builder.Build();
        app.MapGet("/whole", () => Results.Text("{\"items\":[1,2,3]}", "application/json"));
        app.MapGet("/large", () => Results.Text($"[{string.Join(',', Enumerable.Repeat("\"" + new string('x', 1000) + "\"", 200))}]", "application/json"));
        app.MapGet("/cut", () => Results.Text("{\"items\":[1,2", "application/json"));
        app.MapGet("/trailing", () => Results.Text("{}{}", "application/json"));
        app.MapGet("/failed", () => Results.Json(new { title = "no" }, statusCode: 500));
        await app.StartAsync();
        var address = new Uri($"http://127.0.0.1:{port}/");

        var whole = await HttpLoad.RunAsync(address, ["/whole", "/large"], 40, 4, CancellationToken.None);
        Assert.Equal(0, whole.Failures);
        Assert.Equal(40, whole.Requests);

        var cut = await HttpLoad.RunAsync(address, ["/cut"], 5, 1, CancellationToken.None);
        Assert.Equal(5, cut.Failures);
        Assert.Contains("not one complete JSON value", cut.FirstFailure, StringComparison.Ordinal);

        var trailing = await HttpLoad.RunAsync(address, ["/trailing"], 5, 2, CancellationToken.None);
        Assert.Equal(5, trailing.Failures);

        var failed = await HttpLoad.RunAsync(address, ["/failed", "/whole"], 10, 2, CancellationToken.None);
        Assert.Equal(5, failed.Failures);
        Assert.Contains("HTTP 500", failed.FirstFailure, StringComparison.Ordinal);
        await app.StopAsync();
    }
}
