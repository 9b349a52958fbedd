using System.Diagnostics;
using System.Globalization;
using NonsmoothReliability;
using Spectre.Console;

const string Usage = """
    Thesis chapter 3 (nonsmooth AD reliability) at CPU scale.
    usage: dotnet run -c Release --project samples/NonsmoothReliability -- [options]
      --draws M          parameter draws θ_m (default 20)
      --batches Q        mini-batches per draw (default 8)
      --batch-size B     images per mini-batch in the variation experiments (default 64)
      --bits 16,32,64    precisions of the bifurcation-zone table (default 16,32,64)
      --steps N          SGD steps per β in the hybrid sweep, 0 to skip (default 250)
      --train-bits 32,16 precisions of the hybrid-β sweeps (default 32,16)
      --train-batch B    images per SGD step (default 64)
      --lr γ             SGD learning rate (default 0.1)
      --seed S           base seed (default 1)
      --out DIR          PNG folder (default artifacts/nonsmooth-reliability)
      --data DIR         MNIST folder (default: the digits shipped with samples/MnistLeNet)
    """;

var o = new Options();
try
{
    for (int i = 0; i < args.Length; i++)
    {
        string a = args[i];
        if (a is "-h" or "--help") { Console.WriteLine(Usage); return 0; }
        string v = i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{a} needs a value.");
        var inv = CultureInfo.InvariantCulture;
        o = a switch
        {
            "--draws" => o with { Draws = Positive(int.Parse(v, inv), a) },
            "--batches" => o with { Batches = Positive(int.Parse(v, inv), a) },
            "--batch-size" => o with { BatchSize = Positive(int.Parse(v, inv), a) },
            "--bits" => o with { Bits = v.Split(',').Select(s => int.Parse(s, inv)).ToArray() },
            "--steps" => o with { Steps = int.Parse(v, inv) },
            "--train-bits" => o with { TrainBits = v.Split(',').Select(b => b is "16" or "32" ? int.Parse(b, inv) : throw new ArgumentException("--train-bits takes 16 and/or 32.")).ToArray() },
            "--train-batch" => o with { TrainBatch = Positive(int.Parse(v, inv), a) },
            "--lr" => o with { LearningRate = double.Parse(v, inv) },
            "--seed" => o with { Seed = ulong.Parse(v, inv) },
            "--out" => o with { OutputDirectory = v },
            "--data" => o with { DataDirectory = v },
            _ => throw new ArgumentException($"Unknown option {a}.\n{Usage}"),
        };
    }
}
catch (Exception e) when (e is ArgumentException or FormatException or OverflowException)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

var total = Stopwatch.StartNew();
Results r = Experiments.RunAll(o, line => AnsiConsole.MarkupLine($"[grey]{Markup.Escape(line)}[/]"));
Report.Print(r, o);
AnsiConsole.MarkupLine($"[grey]Total {total.Elapsed.TotalSeconds:F1} s.[/]");
return 0;

static int Positive(int n, string name) => n > 0 ? n : throw new ArgumentException($"{name} must be positive.");
