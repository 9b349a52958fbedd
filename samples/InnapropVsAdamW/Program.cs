using System.Globalization;
using InnapropVsAdamW;
using Spectre.Console;

const string Usage = """
    Usage: dotnet run -c Release --project samples/InnapropVsAdamW -- [options]
      --model lenet|mlp|both   models to compare (default both)
      --epochs N               epochs per run (default 3)
      --seeds N                seeds 1..N (default 3)
      --batch N                mini-batch size (default 64)
      --lr X                   learning rate of every optimizer (default 1e-3)
      --train-limit N          use the first N training digits
      --test-limit N           use the first N test digits
      --data DIR               MNIST idx folder (default: the digits shipped with samples/MnistLeNet)
      --out DIR                output folder (default artifacts/innaprop-vs-adamw)
      --threads N              CPU threads for the kernels
      --no-plots               skip the PNG plots
    """;

var o = new ExperimentOptions();
try
{
    for (int i = 0; i < args.Length; i++)
    {
        string Next() => i + 1 < args.Length ? args[++i] : throw new FormatException($"{args[i]} needs a value.");
        int PositiveInt() => int.Parse(Next(), CultureInfo.InvariantCulture) is int v and > 0 ? v : throw new FormatException($"{args[i - 1]} must be positive.");
        switch (args[i])
        {
            case "--model":
                string m = Next();
                o = o with { Models = m == "both" ? BenchModels.Names : BenchModels.Names.Contains(m) ? [m] : throw new FormatException($"--model must be lenet, mlp or both, not '{m}'.") };
                break;
            case "--epochs": o = o with { Epochs = PositiveInt() }; break;
            case "--seeds": o = o with { Seeds = PositiveInt() }; break;
            case "--batch": o = o with { Batch = PositiveInt() }; break;
            case "--lr": o = o with { LearningRate = double.Parse(Next(), CultureInfo.InvariantCulture) }; break;
            case "--train-limit": o = o with { TrainLimit = PositiveInt() }; break;
            case "--test-limit": o = o with { TestLimit = PositiveInt() }; break;
            case "--data": o = o with { DataDirectory = Next() }; break;
            case "--out": o = o with { OutputDirectory = Next() }; break;
            case "--threads": o = o with { Threads = PositiveInt() }; break;
            case "--no-plots": o = o with { Plots = false }; break;
            case "-h" or "--help": Console.WriteLine(Usage); return 0;
            default: throw new FormatException($"Unknown option '{args[i]}'.");
        }
    }
}
catch (FormatException e)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine(Usage);
    return 2;
}

try
{
    Comparison.Run(o, AnsiConsole.Console);
    return 0;
}
catch (Exception e) when (e is MnistLeNet.Training.TrainerException or InvalidOperationException or ArgumentException)
{
    Console.Error.WriteLine(e.Message);
    return 1;
}
