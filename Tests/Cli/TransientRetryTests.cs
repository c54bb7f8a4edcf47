using MusicRecs.Client.Plays;

namespace MusicRecs.Tests.Cli;

public sealed class TransientRetryTests
{
    private static readonly TimeSpan Tiny = TimeSpan.FromMilliseconds(1);

    [Fact]
    public async Task A_transient_failure_is_retried_and_each_retry_logged()
    {
        var calls = 0;
        var log = new List<string>();

        var result = await TransientRetry.RunAsync(
            () => ++calls < 3 ? throw new TimeoutException("slow gateway") : Task.FromResult(calls),
            "sending plays of user 'u'",
            log.Add,
            CancellationToken.None,
            firstDelay: Tiny);

        Assert.Equal(3, result);
        Assert.Equal(2, log.Count);
        Assert.Contains("sending plays of user 'u': attempt 1 of 5 failed (TimeoutException: slow gateway)", log[0]);
    }

    [Fact]
    public async Task Retries_are_bounded_and_the_last_error_is_thrown()
    {
        var calls = 0;
        var log = new List<string>();

        var error = await Assert.ThrowsAsync<TimeoutException>(() => TransientRetry.RunAsync(
            () => { calls++; throw new TimeoutException($"attempt {calls}"); },
            "publishing",
            log.Add,
            CancellationToken.None,
            attempts: 3,
            firstDelay: Tiny));

        Assert.Equal(3, calls);
        Assert.Equal(2, log.Count);
        Assert.Equal("attempt 3", error.Message);
    }

    [Fact]
    public async Task A_failure_that_is_not_transient_is_not_retried()
    {
        var calls = 0;
        await Assert.ThrowsAsync<ArgumentException>(() => TransientRetry.RunAsync(
            () => { calls++; throw new ArgumentException("bad batch"); },
            "publishing",
            _ => { },
            CancellationToken.None,
            firstDelay: Tiny));

        Assert.Equal(1, calls);
    }

    [Fact]
    public void Backoff_doubles_up_to_the_cap()
    {
        var first = TimeSpan.FromMilliseconds(200);

        Assert.Equal([200d, 400, 800, 1600, 3200, 5000], Enumerable.Range(1, 6).Select(n => TransientRetry.Delay(n, first).TotalMilliseconds));
    }

    [Fact]
    public void Orleans_expiring_a_message_is_transient_but_a_callers_cancellation_is_not()
    {
        using var source = new CancellationTokenSource();
        source.Cancel();

        Assert.True(TransientRetry.IsTransient(new OperationCanceledException("Message expired before placement could complete for grain artist/a.")));
        Assert.False(TransientRetry.IsTransient(new OperationCanceledException(source.Token)));
        Assert.False(TransientRetry.IsTransient(new TaskCanceledException("cancelled", null, source.Token)));
    }
}
