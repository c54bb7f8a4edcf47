using System.Net.Sockets;
using Azure;

namespace MusicRecs.Client.Plays;

/// <summary>
/// Bounded retries with exponential backoff for calls that may fail transiently (a timeout, a lost
/// connection, a busy gateway or storage service). Only for calls that are safe to repeat: every play
/// carries a (producer, sequence) id, so a resent batch applies nothing twice.
/// </summary>
internal static class TransientRetry
{
    /// <summary>Attempts in all, the first included.</summary>
    public const int Attempts = 5;

    /// <summary>Wait before the second attempt; it doubles per attempt up to <see cref="MaxDelay"/> (0.2, 0.4, 0.8, 1.6 s).</summary>
    public static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(200);

    public static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Runs <paramref name="action"/> until it succeeds, fails with an error that is not transient, or has
    /// failed <paramref name="attempts"/> times (then that error is thrown); each retry is logged with the cause and the wait.
    /// </summary>
    public static async Task<T> RunAsync<T>(Func<Task<T>> action, string what, Action<string> log, CancellationToken cancellationToken, int attempts = Attempts, TimeSpan? firstDelay = null)
    {
        ArgumentNullException.ThrowIfNull(action);
        ArgumentNullException.ThrowIfNull(log);
        ArgumentOutOfRangeException.ThrowIfLessThan(attempts, 1);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await action();
            }
            catch (Exception e) when (attempt < attempts && IsTransient(e) && !cancellationToken.IsCancellationRequested)
            {
                var delay = Delay(attempt, firstDelay ?? FirstDelay);
                log($"{what}: attempt {attempt} of {attempts} failed ({e.GetType().Name}: {e.Message}); retrying in {delay.TotalSeconds:0.###} s");
                await Task.Delay(delay, cancellationToken);
            }
        }
    }

    /// <summary>As <see cref="RunAsync{T}"/> for an action without a result.</summary>
    public static Task RunAsync(Func<Task> action, string what, Action<string> log, CancellationToken cancellationToken, int attempts = Attempts, TimeSpan? firstDelay = null) =>
        RunAsync(async () => { await action(); return true; }, what, log, cancellationToken, attempts, firstDelay);

    /// <summary>Wait after failed attempt n (1-based): first * 2^(n-1), at most <see cref="MaxDelay"/>.</summary>
    public static TimeSpan Delay(int attempt, TimeSpan first) =>
        TimeSpan.FromTicks((long)Math.Min(MaxDelay.Ticks, first.Ticks * Math.Pow(2, attempt - 1)));

    /// <summary>Failures a later attempt may not meet: timeouts, Orleans messaging, placement expiry and gateway errors, lost connections, storage throttling or 5xx.</summary>
    public static bool IsTransient(Exception e) => e switch
    {
        TimeoutException or IOException or SocketException => true,
        RequestFailedException r => r.Status is 0 or 408 or 429 or >= 500,
        OrleansMessageRejectionException or SiloUnavailableException or GatewayTooBusyException => true,

        // Orleans' own expiry of a message, such as one whose placement outlasted its timeout while a dead silo's
        // directory partition moved; a caller's cancellation carries the caller's token.
        OperationCanceledException o => !o.CancellationToken.CanBeCanceled,
        AggregateException a => a.InnerExceptions.Count > 0 && a.InnerExceptions.All(IsTransient),
        _ => false,
    };
}
