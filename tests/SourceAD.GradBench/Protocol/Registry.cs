using SourceAD.GradBench.Evals;

namespace SourceAD.GradBench.Protocol;

/// <summary>The evals this tool implements.</summary>
public static class Registry
{
    /// <summary>One instance of each implemented eval.</summary>
    public static IReadOnlyList<IEval> All { get; } =
    [
        new HelloEval(), new LseEval(), new LlsqEval(), new OdeEval(), new DetEval(), new GmmEval(), new LstmEval(),
        new BaEval(), new HtEval(), new KmeansEval(), new SaddleEval(), new ParticleEval(),
    ];
}
