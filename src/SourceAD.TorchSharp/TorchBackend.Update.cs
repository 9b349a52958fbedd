using System.Numerics;
using System.Runtime.InteropServices;
using SourceAD.Optimizers;
using SourceAD.Tensors;
using TorchSharp;
using Tensor = SourceAD.Tensors.Tensor;

namespace SourceAD.TorchSharp;

// Optimizer steps: the rule's fused host step, run in place on the tensors' memory.
public sealed partial class TorchBackend
{
    /// <inheritdoc/>
    /// <remarks>
    /// On libtorch's CPU the rule's fused host step runs directly on the tensors' memory (spans over libtorch's buffers:
    /// no copy, one pass, the same per-element arithmetic as the CPU backend, so the results are bitwise equal). On CUDA
    /// the tensors are copied to the host, stepped there and copied back: correct, but bound by PCIe transfers (a device
    /// kernel per rule is future work).
    /// </remarks>
    public void ApplyUpdate<TRule>(TRule rule, ReadOnlySpan<Tensor> state, ReadOnlySpan<Tensor> inputs)
        where TRule : struct, IElementwiseUpdate
    {
        UpdateArguments.Check(rule, state, inputs);
        using var op = Begin();
        if (IsCpu)
        {
            switch (state[0].DType)
            {
                case DType.Float32: Step<TRule, float>(rule, state, inputs); break;
                case DType.Float64: Step<TRule, double>(rule, state, inputs); break;
                default: Step<TRule, Half>(rule, state, inputs); break;
            }
            return;
        }
        StepOnHost(rule, state, inputs);
    }

    private void Step<TRule, T>(TRule rule, ReadOnlySpan<Tensor> state, ReadOnlySpan<Tensor> inputs)
        where TRule : struct, IElementwiseUpdate
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        rule.Step<T>(Span<T>(state, 0), Span<T>(state, 1), Span<T>(state, 2), Span<T>(state, 3), Span<T>(inputs, 0), Span<T>(inputs, 1));
    }

    /// <summary>The elements of tensor <paramref name="j"/> as a span over libtorch's CPU buffer (empty past the list).</summary>
    private Span<T> Span<T>(ReadOnlySpan<Tensor> tensors, int j) where T : unmanaged =>
        j < tensors.Length ? MemoryMarshal.Cast<byte, T>(Out(tensors[j]).Flat.bytes) : default;

    /// <summary>The CUDA path: copies every tensor to the host, steps there with the CPU backend, and copies state back.</summary>
    private static void StepOnHost<TRule>(TRule rule, ReadOnlySpan<Tensor> state, ReadOnlySpan<Tensor> inputs)
        where TRule : struct, IElementwiseUpdate
    {
        var hostState = new Tensor[state.Length];
        var hostInputs = new Tensor[inputs.Length];
        try
        {
            for (int j = 0; j < state.Length; j++)
            {
                hostState[j] = state[j].To(Device.Cpu);
            }
            for (int j = 0; j < inputs.Length; j++)
            {
                hostInputs[j] = inputs[j].To(Device.Cpu);
            }
            Tensors.Backends.Cpu.CpuBackend.Default.ApplyUpdate(rule, hostState, hostInputs);
            for (int j = 0; j < state.Length; j++)
            {
                Copy(hostState[j], state[j]);
            }
        }
        finally
        {
            foreach (Tensor? t in hostState)
            {
                t?.Dispose();
            }
            foreach (Tensor? t in hostInputs)
            {
                t?.Dispose();
            }
        }
    }

    private static void Copy(Tensor host, Tensor device)
    {
        switch (host.DType)
        {
            case DType.Float32: device.CopyFrom<float>(host.AsSpan<float>()); break;
            case DType.Float64: device.CopyFrom<double>(host.AsSpan<double>()); break;
            default: device.CopyFrom<Half>(host.AsSpan<Half>()); break;
        }
    }
}
