using System.CommandLine;
using MusicRecs.Client.Output;

namespace MusicRecs.Client.Connection;

/// <summary>
/// A command that talks to a running cluster: its own arguments and options, then the cluster options and
/// <c>--json</c>; the body gets the parsed input, a reporter and the cluster settings, checks its input,
/// connects when it is ready, and returns an exit code (failures become codes by <see cref="CommandRunner"/>).
/// </summary>
internal static class ClusterCommand
{
    public static Command Create(string name, string description, IEnumerable<Symbol> inputs, Func<ClusterCall, Task<int>> run, bool withModel = false)
    {
        var cluster = new ClusterOptionSet();
        var json = new Option<bool>("--json") { Description = "Print one JSON object as the last output line." };
        var command = new Command(name, description);
        foreach (var input in inputs)
        {
            switch (input)
            {
                case Argument argument:
                    command.Arguments.Add(argument);
                    break;
                case Option option:
                    command.Options.Add(option);
                    break;
                default:
                    throw new ArgumentException($"{input.Name} is neither an argument nor an option.", nameof(inputs));
            }
        }

        cluster.AddTo(command, withModel);
        command.Options.Add(json);
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(
            ct => run(new ClusterCall(parse, new Reporter(parse.GetValue(json)), cluster.Resolve(parse), ct)),
            cancellationToken));
        return command;
    }
}
