using System.Diagnostics;

namespace MusicRecs.Tests;

/// <summary>
/// Waiting for a condition instead of sleeping: polls every few milliseconds until the condition holds or a
/// deadline passes, then fails naming what was awaited and the last value seen.
/// </summary>
internal static class Eventually
{
    /// <summary>Time between two polls.</summary>
    public static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(20);

    /// <summary>Reads until <paramref name="done"/> holds for the value read; returns that value.</summary>
    public static async Task<T> WaitAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan timeout, string what)
    {
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(done);
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var value = await read();
            if (done(value))
            {
                return value;
            }

            if (clock.Elapsed > timeout)
            {
                Assert.Fail($"Timed out after {timeout.TotalSeconds:0.#} s waiting for {what}; last value: {Show(value)}");
            }

            await Task.Delay(Poll);
        }
    }

    private static string Show<T>(T value) => value switch
    {
        null => "null",
        string s => s,
        System.Collections.ICollection c => $"{c.Count} items",
        _ => value.ToString() ?? "",
    };

    /// <summary>Waits until the condition is true.</summary>
    public static Task TrueAsync(Func<Task<bool>> condition, TimeSpan timeout, string what) =>
        WaitAsync(condition, ok => ok, timeout, what);

    /// <summary>Waits until the condition is true.</summary>
    public static Task TrueAsync(Func<bool> condition, TimeSpan timeout, string what) =>
        WaitAsync(() => Task.FromResult(condition()), ok => ok, timeout, what);
}
