using System.Numerics;
using SourceAD.Optimizers;
using SourceAD.Tensors;
using Tensor = SourceAD.Tensors.Tensor;

namespace SourceAD.TorchSharp.Tests.Backends;

/// <summary>ApplyUpdate on libtorch's CPU runs the rule's host step on libtorch's memory: bitwise equal to the CPU backend.</summary>
public class TorchUpdateTests
{
    private static readonly Device Torch = Device.Torch();

    /// <summary>A hand-written AdamW device rule (until the generator emits one per [UpdateRule]).</summary>
    private readonly struct AdamWUpdate(double lr, double beta1, double beta2, double eps, double decay, int step) : IElementwiseUpdate
    {
        public string RuleName => "AdamW";

        public int StateCount => 3;

        public int InputCount => 1;

        public void Apply(ref float s0, ref float s1, ref float s2, ref float s3, float i0, float i1) => One(ref s0, ref s1, ref s2, i0);

        public void Apply(ref double s0, ref double s1, ref double s2, ref double s3, double i0, double i1) => One(ref s0, ref s1, ref s2, i0);

        public void Step<T>(Span<T> s0, Span<T> s1, Span<T> s2, Span<T> s3, ReadOnlySpan<T> i0, ReadOnlySpan<T> i1)
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            for (int i = 0; i < s0.Length; i++)
            {
                One(ref s0[i], ref s1[i], ref s2[i], i0[i]);
            }
        }

        private void One<T>(ref T theta, ref T m, ref T v, T g) where T : IFloatingPointIeee754<T>
        {
            T b1 = T.CreateTruncating(beta1), b2 = T.CreateTruncating(beta2);
            theta = T.CreateTruncating(1 - lr * decay) * theta;
            m = b1 * m + (T.One - b1) * g;
            v = b2 * v + (T.One - b2) * (g * g);
            T mHat = m / T.CreateTruncating(1 - Math.Pow(beta1, step));
            T vHat = v / T.CreateTruncating(1 - Math.Pow(beta2, step));
            theta -= T.CreateTruncating(lr) * mHat / (T.Sqrt(vHat) + T.CreateTruncating(eps));
        }
    }

    [Theory]
    [InlineData(DType.Float32)]
    [InlineData(DType.Float64)]
    [InlineData(DType.Float16)]
    public void StepsAreBitwiseEqualToTheCpuBackend(DType dtype)
    {
        var rng = new SeededRandom(5);
        Tensor[] cpu = [TensorInit.Uniform([1000], -1, 1, rng, dtype), Tensor.Zeros([1000], dtype), Tensor.Zeros([1000], dtype)];
        Tensor[] onTorch = cpu.Select(t => t.To(Torch)).ToArray();
        for (int step = 1; step <= 5; step++)
        {
            using Tensor g = TensorInit.Uniform([1000], -1, 1, rng, dtype), gt = g.To(Torch);
            var rule = new AdamWUpdate(1e-2, 0.9, 0.999, 1e-8, 0.01, step);
            SourceAD.Tensors.Backends.Cpu.CpuBackend.Default.ApplyUpdate(rule, cpu, [g]);
            gt.Backend.ApplyUpdate(rule, onTorch, [gt]);
        }
        for (int j = 0; j < 3; j++)
        {
            Assert.Equal(cpu[j].ToDoubleArray(), onTorch[j].ToDoubleArray());
            Assert.NotEqual(0.0, onTorch[j].ToDoubleArray().Select(Math.Abs).Max());
        }
        foreach (Tensor t in cpu.Concat(onTorch))
        {
            t.Dispose();
        }
    }

    [Fact]
    public void TheStepWritesLibtorchsMemoryInPlace()
    {
        using Tensor theta = Tensor.FromArray(new float[] { 1, 2 }, 2).To(Torch);
        using Tensor m = Tensor.Zeros([2], DType.Float32, Torch), v = Tensor.Zeros([2], DType.Float32, Torch);
        using Tensor g = Tensor.FromArray(new float[] { 1, 1 }, 2).To(Torch);
        using global::TorchSharp.torch.Tensor view = theta.AsTorch();
        theta.Backend.ApplyUpdate(new AdamWUpdate(0.5, 0.9, 0.999, 1e-8, 0, 1), [theta, m, v], [g]);
        Assert.Equal(0.5f, view[0].item<float>(), 5);
    }

    [Fact]
    public void ArgumentsAreChecked()
    {
        using Tensor theta = Tensor.Zeros([3], DType.Float32, Torch), m = Tensor.Zeros([3], DType.Float32, Torch), v = Tensor.Zeros([4], DType.Float32, Torch);
        using Tensor g = Tensor.Zeros([3], DType.Float32, Torch);
        var rule = new AdamWUpdate(0.1, 0.9, 0.999, 1e-8, 0, 1);
        Assert.Throws<ArgumentException>(() => theta.Backend.ApplyUpdate(rule, [theta, m, v], [g]));
        Assert.Throws<ArgumentException>(() => theta.Backend.ApplyUpdate(rule, [theta, m], [g]));
    }
}
