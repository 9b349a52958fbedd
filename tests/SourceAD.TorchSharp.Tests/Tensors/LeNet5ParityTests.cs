using SourceAD.Tensors;
using SourceAD.Tensors.Backends.Cpu;
using SourceAD.Tensors.Data;
using Xunit.Abstractions;

namespace SourceAD.TorchSharp.Tests.Tensors;

/// <summary>LeNet-5's loss and every parameter gradient match TorchSharp autograd, and do not depend on the thread count.</summary>
[Collection(AllocationSensitiveCollection.Name)]
public class LeNet5ParityTests(ITestOutputHelper output)
{
    private const double Tolerance = 1e-5;

    private static (Tensor X, int[] Labels) Batch(int n, ulong seed)
    {
        var rng = new SeededRandom(seed);
        Tensor x = TensorInit.Uniform([n, 1, 28, 28], 0, 1, rng);
        int[] labels = Enumerable.Range(0, n).Select(_ => rng.NextInt(10)).ToArray();
        return (x, labels);
    }

    [Fact]
    public void LossAndEveryGradientMatchTorchSharp()
    {
        using var net = new LeNet5(seed: 7);
        (Tensor x, int[] labels) = Batch(16, seed: 11);
        using (x)
        {
            (double loss, Tensor[] grads) = net.LossAndGradients(x, labels, DerivativePolicy.PyTorch);
            (double torchLoss, var torchGrads) = net.TorchLossAndGradients(x, labels);
            Assert.True(Math.Abs(loss - torchLoss) <= Tolerance * Math.Abs(torchLoss), $"loss {loss} vs torch {torchLoss}");
            output.WriteLine($"loss {loss:R} torch {torchLoss:R}");
            for (int i = 0; i < grads.Length; i++)
            {
                output.WriteLine($"{LeNet5.ParameterNames[i]}: relative error {TorchInterop.RelativeError(grads[i], torchGrads[i]):E2}");
                TorchInterop.AssertClose(grads[i], torchGrads[i], Tolerance, LeNet5.ParameterNames[i]);
                grads[i].Dispose();
            }
        }
    }

    /// <summary>
    /// Real digits have large blank areas: after conv → ReLU, many pooling windows are all exact zeros (ties) and many
    /// ReLU inputs sit at their kink. The PyTorch policy must then make torch's choices, not just close ones.
    /// </summary>
    [Fact]
    public void OnRealMnistDigitsWithTiesEveryGradientMatchesTorchSharp()
    {
        MnistDataset data = MnistIdx.LoadSplit(SourceAD.Tests.Tensors.RepoPaths.MnistData, train: true);
        (Tensor x, int[] labels) = data.Batch(Enumerable.Range(0, 32).ToArray());
        using var net = new LeNet5(seed: 21);
        using (x)
        {
            using (Tensor c1 = Ops.Conv2d(x, net.Parameters[0], net.Parameters[1], padding: 2))
            using (Tensor r1 = Ops.Relu(c1))
            {
                int tied = CountTiedWindows(r1);
                output.WriteLine($"{tied} of {r1.Length / 4} first-layer pooling windows are ties");
                Assert.True(tied > 100, "the batch should exercise MaxPool ties");
            }
            (double loss, Tensor[] grads) = net.LossAndGradients(x, labels, DerivativePolicy.PyTorch);
            (double torchLoss, var torchGrads) = net.TorchLossAndGradients(x, labels);
            Assert.True(Math.Abs(loss - torchLoss) <= Tolerance * Math.Abs(torchLoss), $"loss {loss} vs torch {torchLoss}");
            for (int i = 0; i < grads.Length; i++)
            {
                double error = TorchInterop.RelativeError(grads[i], torchGrads[i]);
                output.WriteLine($"{LeNet5.ParameterNames[i]}: relative error {error:E2}");
                Assert.True(error <= Tolerance, $"{LeNet5.ParameterNames[i]}: relative error {error:E3}");
                grads[i].Dispose();
            }
        }
    }

    private static int CountTiedWindows(Tensor r)
    {
        float[] v = r.ToArray<float>();
        int planes = r.Size(0) * r.Size(1), h = r.Size(2), w = r.Size(3), tied = 0;
        for (int p = 0; p < planes; p++)
        {
            for (int i = 0; i < h; i += 2)
            {
                for (int j = 0; j < w; j += 2)
                {
                    float[] window = [v[(p * h + i) * w + j], v[(p * h + i) * w + j + 1], v[(p * h + i + 1) * w + j], v[(p * h + i + 1) * w + j + 1]];
                    float max = window.Max();
                    tied += window.Count(x => x == max) > 1 ? 1 : 0;
                }
            }
        }
        return tied;
    }

    /// <summary>float16 runs end to end (each kernel widens to float32 and rounds once) and stays near float32.</summary>
    [Fact]
    public void InFloat16TheLossAndGradientsStayNearFloat32()
    {
        using var net32 = new LeNet5(seed: 9);
        using var net16 = new LeNet5(net32.Parameters.Select(p => p.To(DType.Float16)).ToList());
        (Tensor x, int[] labels) = Batch(16, seed: 10);
        using (x)
        using (Tensor x16 = x.To(DType.Float16))
        {
            (double loss32, Tensor[] g32) = net32.LossAndGradients(x, labels, DerivativePolicy.PyTorch);
            (double loss16, Tensor[] g16) = net16.LossAndGradients(x16, labels, DerivativePolicy.PyTorch);
            output.WriteLine($"loss {loss32} vs {loss16}");
            Assert.True(Math.Abs(loss16 - loss32) <= 1e-2 * Math.Abs(loss32));
            for (int i = 0; i < g32.Length; i++)
            {
                Assert.Equal(DType.Float16, g16[i].DType);
                double error = TorchInterop.RelativeError(g16[i].ToDoubleArray(), g32[i].ToDoubleArray());
                output.WriteLine($"{LeNet5.ParameterNames[i]}: float16 vs float32 relative error {error:E2}");
                Assert.True(error <= 3e-2, $"{LeNet5.ParameterNames[i]}: {error:E3}");
                g32[i].Dispose();
                g16[i].Dispose();
            }
        }
    }

    [Fact]
    public void OneAndTwoThreadsGiveIdenticalBits()
    {
        using var net = new LeNet5(seed: 3);
        (Tensor x, int[] labels) = Batch(8, seed: 5);
        using (x)
        {
            (double Loss, double[][] Grads) Run(int threads)
            {
                using (CpuBackend.UseThreads(threads))
                {
                    (double loss, Tensor[] grads) = net.LossAndGradients(x, labels, DerivativePolicy.PyTorch);
                    double[][] values = grads.Select(g => g.ToDoubleArray()).ToArray();
                    foreach (Tensor g in grads)
                    {
                        g.Dispose();
                    }
                    return (loss, values);
                }
            }
            var one = Run(1);
            var two = Run(2);
            Assert.Equal(BitConverter.DoubleToInt64Bits(one.Loss), BitConverter.DoubleToInt64Bits(two.Loss));
            for (int i = 0; i < one.Grads.Length; i++)
            {
                Assert.True(one.Grads[i].SequenceEqual(two.Grads[i]), $"{LeNet5.ParameterNames[i]} differs between 1 and 2 threads");
            }
        }
    }

    [Fact]
    public void TrainingStepsReuseTensorMemoryInsteadOfAllocating()
    {
        using var net = new LeNet5(seed: 4);
        (Tensor x, int[] labels) = Batch(32, seed: 6);
        using (x)
        using (CpuBackend.UseThreads(1)) // everything on this thread, so the per-thread allocation counter sees it all
        {
            void Step()
            {
                (_, Tensor[] grads) = net.LossAndGradients(x, labels, DerivativePolicy.PyTorch);
                foreach (Tensor g in grads)
                {
                    g.Dispose();
                }
            }
            for (int i = 0; i < 3; i++)
            {
                Step();
            }
            long before = GC.GetAllocatedBytesForCurrentThread();
            const int steps = 5;
            for (int i = 0; i < steps; i++)
            {
                Step();
            }
            long perStep = (GC.GetAllocatedBytesForCurrentThread() - before) / steps;
            // The step's tensors hold about 4 MB (batch 32); only small bookkeeping objects may be new.
            output.WriteLine($"{perStep} bytes allocated per step");
            Assert.True(perStep < 256 * 1024, $"a LeNet-5 step allocated {perStep} bytes; tensor memory should come from the pool");
        }
    }
}
