using System.CommandLine;
using MusicRecs.Client.Output;
using MusicRecs.GrainInterfaces;
using MusicRecs.Grains.Factorization;
using MusicRecs.Grains.Training;

namespace MusicRecs.Client.Commands;

/// <summary>
/// The ALS options every training command takes. Precedence: built-in defaults, then --config FILE
/// (as written by <c>tune --out</c>), then options given on the command line.
/// </summary>
internal sealed class ModelOptionSet
{
    public Option<string?> Config { get; } = new("--config") { Description = "JSON options file, e.g. written by 'tune --out'." };

    public Option<int?> Factors { get; } = new("--factors") { Description = "Latent factors k." };

    public Option<int?> Iterations { get; } = new("--iterations") { Description = "ALS iterations (each a user and an artist half-sweep)." };

    public Option<float?> Regularization { get; } = new("--regularization", "--reg") { Description = "lambda." };

    public Option<float?> Alpha { get; } = new("--alpha") { Description = "Confidence weight alpha." };

    public Option<string?> Scheme { get; } = new("--scheme") { Description = "Confidence scheme: linear (1 + alpha r) or log (1 + alpha log(1 + r/eps))." };

    public Option<float?> Epsilon { get; } = new("--eps") { Description = "eps of the log scheme." };

    public Option<string?> Solver { get; } = new("--solver") { Description = "cg (conjugate gradient, default) or cholesky." };

    public Option<int?> CgSteps { get; } = new("--cg-steps") { Description = "Conjugate-gradient steps per row and half-sweep." };

    public Option<int?> Seed { get; } = new("--seed") { Description = "Seed of the initial factors." };

    public Option<int?> Threads { get; } = new("--threads") { Description = "Worker threads (default: all cores)." };

    public ModelOptionSet()
    {
        Scheme.AcceptOnlyFromAmong("linear", "log");
        Solver.AcceptOnlyFromAmong("cg", "cholesky");
    }

    public void AddTo(Command command)
    {
        foreach (var o in new Option[] { Config, Factors, Iterations, Regularization, Alpha, Scheme, Epsilon, Solver, CgSteps, Seed, Threads })
        {
            command.Options.Add(o);
        }
    }

    public AlsOptions Resolve(ParseResult parse)
    {
        var config = parse.GetValue(Config);
        var o = config is null ? new AlsOptions() : AlsOptionsFile.Load(config);
        o = o with
        {
            Factors = parse.GetValue(Factors) ?? o.Factors,
            Iterations = parse.GetValue(Iterations) ?? o.Iterations,
            Regularization = parse.GetValue(Regularization) ?? o.Regularization,
            Alpha = parse.GetValue(Alpha) ?? o.Alpha,
            Scheme = parse.GetValue(Scheme) switch { "linear" => ConfidenceScheme.Linear, "log" => ConfidenceScheme.Log, _ => o.Scheme },
            Epsilon = parse.GetValue(Epsilon) ?? o.Epsilon,
            Solver = parse.GetValue(Solver) switch { "cg" => SolverKind.ConjugateGradient, "cholesky" => SolverKind.Cholesky, _ => o.Solver },
            CgSteps = parse.GetValue(CgSteps) ?? o.CgSteps,
            Seed = parse.GetValue(Seed) ?? o.Seed,
            Threads = parse.GetValue(Threads) ?? o.Threads,
        };
        o.Validate();
        return o;
    }

    /// <summary>The model options as the cluster takes them, validated: a bad one is named before anything starts.</summary>
    public TrainingOptions ResolveForCluster(ParseResult parse, Reporter report, Option<int?>? concurrency = null)
    {
        var als = Resolve(parse);
        if (parse.GetValue(Threads) is not null)
        {
            report.Line("note: --threads does not apply to cluster training (each silo uses its own cores)");
        }

        var options = als.ToWire();
        if (concurrency is not null && parse.GetValue(concurrency) is { } c)
        {
            options = options with { Concurrency = c };
        }

        options.Validate();
        return options;
    }

    public static string Describe(AlsOptions o) =>
        $"k={o.Factors} iterations={o.Iterations} scheme={o.Scheme.ToString().ToLowerInvariant()} alpha={o.Alpha:G4}"
        + (o.Scheme == ConfidenceScheme.Log ? $" eps={o.Epsilon:G4}" : string.Empty)
        + $" lambda={o.Regularization:G4} solver={(o.Solver == SolverKind.Cholesky ? "cholesky" : $"cg({o.CgSteps})")} threads={o.EffectiveThreads}";
}
