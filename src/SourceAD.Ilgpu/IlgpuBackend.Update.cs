using System.Runtime.CompilerServices;
using ILGPU;
using ILGPU.Runtime;
using SourceAD.Ilgpu.Kernels;
using SourceAD.Optimizers;
using SourceAD.Tensors;

namespace SourceAD.Ilgpu;

public sealed partial class IlgpuBackend
{
    /// <inheritdoc/>
    /// <remarks>
    /// One kernel per rule type and dtype, compiled on the first step and cached in <see cref="UpdateKernelCache{TRule}"/>.
    /// ILGPU's CPU accelerator needs the rule struct to be public (or its assembly to grant
    /// InternalsVisibleTo("ILGPURuntime")).
    /// </remarks>
    public void ApplyUpdate<TRule>(TRule rule, ReadOnlySpan<Tensor> state, ReadOnlySpan<Tensor> inputs)
        where TRule : struct, IElementwiseUpdate
    {
        UpdateArguments.Check(rule, state, inputs);
        if (state[0].Device != Device)
        {
            throw new ArgumentException($"{rule.RuleName}: θ is on {state[0].Device}, not on this backend's {Device}.");
        }
        Tensor[] s = state.ToArray(), g = inputs.ToArray();
        Dispatch("ApplyUpdate", s[0].DType,
            _ => Step(UpdateKernelCache<TRule>.For(this).Float32, rule, s, g),
            _ => Step(UpdateKernelCache<TRule>.For(this).Float64, rule, s, g));
    }

    private void Step<T, TRule>(
        Action<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, TRule, int, int, int, int> kernel,
        TRule rule, Tensor[] state, Tensor[] inputs)
        where T : unmanaged
        where TRule : struct, IElementwiseUpdate
    {
        MemoryBuffer1D<T, Stride1D.Dense> dummy = Pool.Rent<T>(1);
        try
        {
            ArrayView<T> Slot(Tensor[] tensors, int j) => j < tensors.Length ? View<T>(tensors[j], "ApplyUpdate") : dummy.View;
            Launch(state[0].Length, (i, launchCount, launchStride) => kernel(i, Slot(state, 0), Slot(state, 1), Slot(state, 2), Slot(state, 3), Slot(inputs, 0), Slot(inputs, 1),
                rule, state.Length, inputs.Length, launchCount, launchStride));
        }
        finally
        {
            Pool.Return(dummy);
        }
    }

    /// <summary>The update kernels of one rule type, per backend (weakly held, so a disposed backend's kernels go with it).</summary>
    private static class UpdateKernelCache<TRule> where TRule : struct, IElementwiseUpdate
    {
        private static readonly ConditionalWeakTable<IlgpuBackend, Entry> Entries = new();

        public static Entry For(IlgpuBackend backend) => Entries.GetValue(backend, b => new Entry(b));

        public sealed class Entry(IlgpuBackend backend)
        {
            private Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, TRule, int, int, int, int>? _float32;
            private Action<Index1D, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>, TRule, int, int, int, int>? _float64;

            public Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, TRule, int, int, int, int> Float32 =>
                _float32 ??= backend.LoadCounted($"the float32 update of rule {default(TRule).RuleName} ({typeof(TRule).FullName}; it must be public or its assembly must grant InternalsVisibleTo(\"ILGPURuntime\"), and Apply may use no T.CreateTruncating)", a => a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>,
                    ArrayView<float>, ArrayView<float>, TRule, int, int, int, int>(UpdateKernels<TRule>.Float32));

            public Action<Index1D, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>, TRule, int, int, int, int> Float64 =>
                _float64 ??= backend.LoadCounted($"the float64 update of rule {default(TRule).RuleName} ({typeof(TRule).FullName}; it must be public or its assembly must grant InternalsVisibleTo(\"ILGPURuntime\"), and Apply may use no T.CreateTruncating)", a => a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>,
                    ArrayView<double>, ArrayView<double>, TRule, int, int, int, int>(UpdateKernels<TRule>.Float64));
        }
    }
}
