using MusicRecs.Client.Output;
using MusicRecs.Grains.Data;

namespace MusicRecs.Client.Connection;

/// <summary>
/// Runs a cluster command body and turns failures into a message on stderr and an exit code, as
/// <see cref="CommandRunner"/> does: 2 for bad input (options, files, rows, unknown ids, no reachable
/// cluster), 3 for failed training, 130 when cancelled, 1 for a cluster call that failed otherwise.
/// </summary>
internal static class ClusterCommandRunner
{
    public const int TrainingFailed = CommandRunner.Diverged;
    public const int Cancelled = 130;
    public const int CallFailed = 1;

    public static async Task<int> RunAsync(Func<CancellationToken, Task<int>> body, CancellationToken cancellationToken)
    {
        try
        {
            return await body(cancellationToken);
        }
        catch (UnknownIdException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return CommandRunner.BadInput;
        }
        catch (ClusterUnavailableException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return CommandRunner.BadInput;
        }
        catch (DataFormatException e)
        {
            Console.Error.WriteLine($"error: bad data: {e.Message}");
            return CommandRunner.BadInput;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or InvalidDataException or ArgumentException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return CommandRunner.BadInput;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Console.Error.WriteLine("cancelled");
            return Cancelled;
        }
        catch (TimeoutException e)
        {
            Console.Error.WriteLine($"error: the cluster did not answer in time: {e.Message}");
            return CallFailed;
        }
        catch (Exception e) when (e is OrleansException or InvalidOperationException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return CallFailed;
        }
    }
}
