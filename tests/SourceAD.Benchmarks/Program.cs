if (args.Length > 0 && args[0] == "paired-lenet5")
{
    SourceAD.Benchmarks.Tensors.PairedLeNet5Run.Run(args.Length > 1 ? args[1] : "torch:cpu", args.Length > 2 ? int.Parse(args[2]) : 100);
    return;
}
if (args.Length > 0 && args[0] == "paired-resnet")
{
    SourceAD.Benchmarks.Tensors.PairedResNetRun.Run(args.Length > 1 ? int.Parse(args[1]) : 20, args.Length > 2 ? int.Parse(args[2]) : 1);
    return;
}
if (args.Length > 0 && args[0] == "paired-gpt")
{
    SourceAD.Benchmarks.Tensors.PairedGptRun.Run(args.Length > 1 ? int.Parse(args[1]) : 20, args.Length > 2 ? int.Parse(args[2]) : 1);
    return;
}
if (args.Length > 0 && args[0] == "gpt-profile")
{
    SourceAD.Benchmarks.Tensors.GptOpProfile.Run(args.Length > 1 ? int.Parse(args[1]) : 10);
    return;
}
if (args.Length > 0 && args[0] == "gmm-tape")
{
    SourceAD.Benchmarks.Ad.GmmTape.Run(int.Parse(args[1]), int.Parse(args[2]), int.Parse(args[3]));
    return;
}
if (args.Length > 0 && args[0] == "ode-checkpoint")
{
    SourceAD.Benchmarks.Ad.OdeCheckpoint.Run(int.Parse(args[1]), int.Parse(args[2]), int.Parse(args[3]));
    return;
}
if (args.Length > 0 && args[0] == "hvp-interleaved")
{
    SourceAD.Benchmarks.Ad.HvpInterleavedRun.Run();
    return;
}
BenchmarkDotNet.Running.BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
