using ILGPU;
using SourceAD.Optimizers;

namespace SourceAD.Ilgpu.Kernels;

/// <summary>
/// The one optimizer kernel: ILGPU specializes it per rule struct, resolving the constrained interface call at compile
/// time (no virtual call on the device). Unused slots get a one-element dummy view that the rule ignores.
/// </summary>
internal static class UpdateKernels<TRule> where TRule : struct, IElementwiseUpdate
{
    public static void Float32(
        Index1D thread, ArrayView<float> s0, ArrayView<float> s1, ArrayView<float> s2, ArrayView<float> s3,
        ArrayView<float> i0, ArrayView<float> i1, TRule rule, int states, int inputs, int elements, int stride)
    {
        for (int i = thread; i < elements; i += stride)
        {
            // Slots past the arity alias element 0 of the dummy: writes there are discarded, reads are never used.
            int k = i;
            rule.Apply(
                ref s0[k], ref s1[states > 1 ? k : 0], ref s2[states > 2 ? k : 0], ref s3[states > 3 ? k : 0],
                inputs > 0 ? i0[k] : 0f, inputs > 1 ? i1[k] : 0f);
        }
    }

    public static void Float64(
        Index1D thread, ArrayView<double> s0, ArrayView<double> s1, ArrayView<double> s2, ArrayView<double> s3,
        ArrayView<double> i0, ArrayView<double> i1, TRule rule, int states, int inputs, int elements, int stride)
    {
        for (int i = thread; i < elements; i += stride)
        {
            int k = i;
            rule.Apply(
                ref s0[k], ref s1[states > 1 ? k : 0], ref s2[states > 2 ? k : 0], ref s3[states > 3 ? k : 0],
                inputs > 0 ? i0[k] : 0d, inputs > 1 ? i1[k] : 0d);
        }
    }
}
