using System.Globalization;
using TinyResNet;

// dotnet run -c Release --project samples/TinyResNet [--width 16] [--size 32] [--batch 32] [--steps 300] [--lr 0.05]
//   [--seed 1] [--threads 0] [--log-every 25] [--eval-images 256] [--noise 1.0]
try
{
    TrainOptions options = Parse(args);
    TrainResult result = ResNetTrainer.Train(options, Console.Out);
    Console.WriteLine($"median step {result.MedianStepMilliseconds:F1} ms; first {Math.Min(25, result.StepLosses.Length)} steps' mean loss " +
                      $"{result.StepLosses.Take(25).Average():F4}, last {Math.Min(25, result.StepLosses.Length)}' {result.StepLosses.TakeLast(25).Average():F4}");
    return 0;
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

static TrainOptions Parse(string[] args)
{
    var o = new TrainOptions();
    for (int i = 0; i < args.Length; i += 2)
    {
        if (i + 1 >= args.Length)
        {
            throw new ArgumentException($"Option {args[i]} needs a value.");
        }
        string v = args[i + 1];
        o = args[i] switch
        {
            "--width" => o with { Width = Int(v) },
            "--size" => o with { Size = Int(v) },
            "--batch" => o with { Batch = Int(v) },
            "--steps" => o with { Steps = Int(v) },
            "--lr" => o with { LearningRate = double.TryParse(v, CultureInfo.InvariantCulture, out double lr) ? lr : throw Bad(args[i], v) },
            "--seed" => o with { Seed = ulong.TryParse(v, CultureInfo.InvariantCulture, out ulong s) ? s : throw Bad(args[i], v) },
            "--threads" => o with { Threads = Int(v) },
            "--log-every" => o with { LogEvery = Int(v) },
            "--eval-images" => o with { EvalImages = Int(v) },
            "--noise" => o with { Noise = double.TryParse(v, CultureInfo.InvariantCulture, out double noise) ? noise : throw Bad(args[i], v) },
            _ => throw new ArgumentException($"Unknown option {args[i]}. Options: --width --size --batch --steps --lr --seed --threads --log-every --eval-images --noise."),
        };

        int Int(string text) => int.TryParse(text, CultureInfo.InvariantCulture, out int n) ? n : throw Bad(args[i], text);
    }
    return o;
}

static ArgumentException Bad(string option, string value) => new($"Option {option} takes a number, not '{value}'.");
