using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Logging.Abstractions;
using MusicRecs.Silo.Http;

namespace MusicRecs.Tests.Http;

/// <summary>The endpoint filters on their own: cluster failures become 503, keys on reads when required.</summary>
public sealed class FilterTests
{
    private static EndpointFilterInvocationContext Context(string? key = null)
    {
        var http = new DefaultHttpContext();
        http.Request.Method = "GET";
        http.Request.Path = "/api/users/u/recommendations";
        if (key is not null)
        {
            http.Request.Headers[ApiKeys.Header] = key;
        }

        return new DefaultEndpointFilterInvocationContext(http);
    }

    public static TheoryData<Exception> ClusterFailures() =>
    [
        new SiloUnavailableException("silo S127.0.0.1:11111:1 is dead, at Some.Stack.Frame()"),
        new TimeoutException("Response did not arrive on time in 00:00:30 for message"),
        new OrleansException("the gateway rejected the message"),
    ];

    [Theory]
    [MemberData(nameof(ClusterFailures))]
    public async Task A_cluster_that_cannot_be_reached_is_503_without_the_exception(Exception failure)
    {
        var filter = new ClusterErrorFilter(NullLogger<ClusterErrorFilter>.Instance);
        var result = await filter.InvokeAsync(Context(), _ => throw failure);
        var problem = Assert.IsType<ProblemHttpResult>(result);
        Assert.Equal(StatusCodes.Status503ServiceUnavailable, problem.StatusCode);
        Assert.Equal("application/problem+json", problem.ContentType);
        Assert.DoesNotContain(failure.Message, problem.ProblemDetails.Detail);
    }

    [Fact]
    public async Task Any_other_failure_is_500_naming_only_a_trace()
    {
        var filter = new ClusterErrorFilter(NullLogger<ClusterErrorFilter>.Instance);
        var result = await filter.InvokeAsync(Context(), _ => throw new NullReferenceException("secret internals"));
        var problem = Assert.IsType<ProblemHttpResult>(result);
        Assert.Equal(StatusCodes.Status500InternalServerError, problem.StatusCode);
        Assert.DoesNotContain("secret", problem.ProblemDetails.Detail);
    }

    [Fact]
    public async Task Reads_need_a_key_when_the_silo_says_so()
    {
        var keys = new ApiKeys(new HttpSettings { ApiKeys = "read-key-0123456789", RequireKeyForReads = true });
        var filter = new ApiKeyFilter(keys, write: false);
        var passed = ValueTask.FromResult<object?>("answered");
        Assert.Equal(401, Assert.IsType<ProblemHttpResult>(await filter.InvokeAsync(Context(), _ => passed)).StatusCode);
        Assert.Equal(403, Assert.IsType<ProblemHttpResult>(await filter.InvokeAsync(Context("wrong-key-0123456789"), _ => passed)).StatusCode);
        Assert.Equal("answered", await filter.InvokeAsync(Context("read-key-0123456789"), _ => passed));

        var open = new ApiKeyFilter(new ApiKeys(new HttpSettings { ApiKeys = "read-key-0123456789" }), write: false);
        Assert.Equal("answered", await open.InvokeAsync(Context(), _ => passed));
    }

    [Fact]
    public async Task Writes_are_refused_when_no_key_is_configured()
    {
        var filter = new ApiKeyFilter(new ApiKeys(new HttpSettings()), write: true);
        var result = await filter.InvokeAsync(Context("anything-0123456789"), _ => ValueTask.FromResult<object?>("answered"));
        var problem = Assert.IsType<ProblemHttpResult>(result);
        Assert.Equal(403, problem.StatusCode);
        Assert.Contains("no API key configured", problem.ProblemDetails.Detail);
    }
}
