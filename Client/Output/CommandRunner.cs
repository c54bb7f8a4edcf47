using MusicRecs.Client.Connection;
using MusicRecs.Grains.Data;
using MusicRecs.Grains.Factorization;

namespace MusicRecs.Client.Output;

/// <summary>
/// Runs a command body and turns failures into a message on stderr and an exit code: 2 for bad input (files,
/// options, rows, unknown ids, no reachable cluster), 3 for training that diverged or failed, 130 when
/// cancelled; for cluster commands also 1 for a cluster call that failed otherwise.
/// </summary>
internal static class CommandRunner
{
    public const int CallFailed = 1;
    public const int BadInput = 2;
    public const int Diverged = 3;
    public const int TrainingFailed = Diverged;
    public const int Cancelled = 130;

    public static int Run(Func<int> body)
    {
        try
        {
            return body();
        }
        catch (Exception e) when (Classify(e, cancelled: true, cluster: false) is { } failure)
        {
            Console.Error.WriteLine(failure.Message);
            return failure.Code;
        }
    }

    public static async Task<int> RunAsync(Func<CancellationToken, Task<int>> body, CancellationToken cancellationToken)
    {
        try
        {
            return await body(cancellationToken);
        }
        catch (Exception e) when (Classify(e, cancellationToken.IsCancellationRequested, cluster: true) is { } failure)
        {
            Console.Error.WriteLine(failure.Message);
            return failure.Code;
        }
    }

    /// <summary>The exit code and message of a failure this runner reports, or null for one it lets through.</summary>
    private static (int Code, string Message)? Classify(Exception e, bool cancelled, bool cluster) => e switch
    {
        DataFormatException => (BadInput, $"error: bad data: {e.Message}"),
        UnknownIdException or ClusterUnavailableException => (BadInput, $"error: {e.Message}"),
        FileNotFoundException or DirectoryNotFoundException or InvalidDataException or ArgumentException => (BadInput, $"error: {e.Message}"),
        TrainingDivergedException => (Diverged, $"error: training diverged: {e.Message}"),
        OperationCanceledException when cancelled => (Cancelled, "cancelled"),
        TimeoutException when cluster => (CallFailed, $"error: the cluster did not answer in time: {e.Message}"),
        OrleansException or InvalidOperationException when cluster => (CallFailed, $"error: {e.Message}"),
        _ => null,
    };
}
