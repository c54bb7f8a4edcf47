using MusicRecs.Grains.Data;
using MusicRecs.Grains.Factorization;

namespace MusicRecs.Client.Output;

/// <summary>
/// Runs a command body and turns failures into a message on stderr and an exit code:
/// 2 for bad input (files, options, data), 3 for a model that diverged, 1 for anything unexpected.
/// </summary>
internal static class CommandRunner
{
    public const int BadInput = 2;
    public const int Diverged = 3;

    public static int Run(Func<int> body)
    {
        try
        {
            return body();
        }
        catch (DataFormatException e)
        {
            Console.Error.WriteLine($"error: bad data: {e.Message}");
            return BadInput;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or InvalidDataException or ArgumentException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return BadInput;
        }
        catch (TrainingDivergedException e)
        {
            Console.Error.WriteLine($"error: training diverged: {e.Message}");
            return Diverged;
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("cancelled");
            return 130;
        }
    }
}
