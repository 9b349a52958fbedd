using System.Numerics;
using SourceAD.Optimizers;

namespace SourceAD.Tensors.Backends.Cpu;

public sealed partial class CpuBackend
{
    /// <inheritdoc/>
    public void ApplyUpdate<TRule>(TRule rule, ReadOnlySpan<Tensor> state, ReadOnlySpan<Tensor> inputs)
        where TRule : struct, IElementwiseUpdate
    {
        UpdateArguments.Check(rule, state, inputs);
        switch (state[0].DType)
        {
            case DType.Float32: Step<TRule, float>(rule, state, inputs); break;
            case DType.Float64: Step<TRule, double>(rule, state, inputs); break;
            default: Step<TRule, Half>(rule, state, inputs); break;
        }
    }

    // The fused host step the optimizers use on spans, here on the tensors' memory.
    private static void Step<TRule, T>(TRule rule, ReadOnlySpan<Tensor> state, ReadOnlySpan<Tensor> inputs)
        where TRule : struct, IElementwiseUpdate
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Span<T> Slot(ReadOnlySpan<Tensor> s, int j) => j < s.Length ? s[j].AsSpan<T>() : default;
        rule.Step<T>(Slot(state, 0), Slot(state, 1), Slot(state, 2), Slot(state, 3), Slot(inputs, 0), Slot(inputs, 1));
    }
}
