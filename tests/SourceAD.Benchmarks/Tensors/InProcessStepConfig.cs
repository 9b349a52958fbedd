using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace SourceAD.Benchmarks.Tensors;

/// <summary>
/// The model-step benchmarks' BenchmarkDotNet job (<see cref="GptStepBenchmarks"/>, <see cref="ResNetStepBenchmarks"/>):
/// in process (the TorchSharp native load fix needs no second process), 3 warm-up and 10 measured iterations, the
/// median beside the mean, TorchSharp and SourceAD grouped by their parameters so each ratio is of one configuration.
/// </summary>
public sealed class InProcessStepConfig : ManualConfig
{
    public InProcessStepConfig()
    {
        AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithWarmupCount(3).WithIterationCount(10).WithId("InProcess"));
        AddColumn(StatisticColumn.Median);
        AddLogicalGroupRules(BenchmarkLogicalGroupRule.ByParams);
    }
}
