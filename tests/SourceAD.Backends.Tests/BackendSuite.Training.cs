using MnistLeNet;
using SourceAD.Optimizers;
using SourceAD.Tensors;

namespace SourceAD.Backends.Tests;

// A short training run: LeNet-5, 200 steps on 512 MNIST digits from the same seed on the CPU and on the device, with
// AdamW (the hand-written AdamWLikeUpdate rule through ITensorBackend.ApplyUpdate) or with the shipped INNAprop
// optimizer (UpdateRuleOptimizer<T>.Step(Tensor, Tensor): state on the device, the generated InnapropUpdate).
public abstract partial class BackendSuite
{
    private const int TrainingSteps = 200, TrainingBatch = 16, TrainingExamples = 512;

    /// <summary>
    /// How closely the device's run must follow the CPU's: the relative tolerance on the batch losses of the first
    /// <c>EarlySteps</c> steps, on the later steps' batch losses (null: none), and on the final held-out loss. Each
    /// step's results differ between backends by rounding only (GEMMs and convolutions sum in other orders: ~1e-7
    /// relative in float32, ~1e-16 in float64), but training amplifies such differences as any chaotic iteration does
    /// (Adam divides by √v, so tiny gradients of either sign become full steps; a ReLU or max-pool decision flipped by a
    /// rounding difference changes that step's gradient outright). How fast depends on the machine's kernels: on the
    /// libtorch prototype's CPU the float32 losses agreed to 1e-6 for 140 steps and to 1.1e-3 at worst later; on a
    /// Xeon of the 2-core development VM (2026-12-06) they agreed to 6.1e-6 for the first 47 steps, then drifted
    /// to 1e-4 by step 65, 2e-2 by step 114 and 4.6e-2 at step 199, with 9.8e-3 in the final loss. A late-step bound
    /// in float32 therefore tests the hardware, not SourceAD: float32 checks the first 40 steps at 1e-4 (a decade over
    /// both machines) and the final held-out loss at 10 %, and both runs must learn. Float64 agrees to 3e-15 at every
    /// step on the prototype and is the sharp test, at 1e-9 for every step and the final loss: any real bug in a
    /// gradient, an update or the data path moves it by far more. INNAprop runs in float64 only (in float32 it
    /// amplifies rounding differences about 100 times faster than AdamW). A bitwise subclass (CpuSuite) demands
    /// equality of every loss instead.
    /// </summary>
    private static (int EarlySteps, double Early, double? Late, double Final) TrainingTolerance(DType dtype) =>
        dtype == DType.Float64 ? (TrainingSteps, 1e-9, 1e-9, 1e-9) : (40, 1e-4, null, 0.1);

    /// <summary>A fixed-seed training run on the device follows the CPU's, within <see cref="TrainingTolerance"/>, and both learn.</summary>
    [Theory]
    [InlineData("AdamW", DType.Float32)]
    [InlineData("AdamW", DType.Float64)]
    [InlineData("Innaprop", DType.Float64)]
    public void LeNet5TrainingRunMatchesCpu(string optimizer, DType dtype)
    {
        (double[] cpuLosses, double cpuFinal) = OnReference(() => Train(Device.Cpu, dtype, optimizer));
        (double[] deviceLosses, double deviceFinal) = OnDevice(() => Train(Device, dtype, optimizer));
        Assert.True(cpuFinal < cpuLosses[0] * 0.5, $"the CPU run must learn (loss {cpuLosses[0]:F3} → {cpuFinal:F3}) for the comparison to mean anything");
        if (Bitwise)
        {
            Assert.Equal(cpuLosses, deviceLosses);
            Assert.Equal(cpuFinal, deviceFinal);
            return;
        }
        (int earlySteps, double early, double? late, double final) = TrainingTolerance(dtype);
        Assert.True(deviceFinal < deviceLosses[0] * 0.5, $"the device run must learn too (loss {deviceLosses[0]:F3} → {deviceFinal:F3})");
        for (int k = 0; k < TrainingSteps; k++)
        {
            double? tol = k < earlySteps ? early : late;
            if (tol is null) continue;
            Assert.True(Math.Abs(deviceLosses[k] - cpuLosses[k]) <= tol * Math.Abs(cpuLosses[k]),
                $"{optimizer} {dtype} step {k + 1}: CPU loss {cpuLosses[k]:R}, device loss {deviceLosses[k]:R} (relative tolerance {tol:E0}).");
        }
        Assert.True(Math.Abs(deviceFinal - cpuFinal) <= final * Math.Abs(cpuFinal),
            $"{optimizer} {dtype} held-out loss after {TrainingSteps} steps: CPU {cpuFinal:R}, device {deviceFinal:R} (relative tolerance {final:E0}).");
    }

    /// <summary>Trains on <paramref name="device"/>; returns every step's batch loss and the final loss on 256 held-out digits.</summary>
    private static (double[] Losses, double Final) Train(Device device, DType dtype, string optimizer)
    {
        Tensor[] host = LeNet5Parameters.Create(21, dtype);
        Tensor[] p = host.Select(t => t.To(device)).ToArray();
        DisposeAll(host);
        (Tensor allImages, int[] allLabels) = MnistSubset.Batch(0, TrainingExamples + 256, DType.Float32);
        var model = new LeNet5(p);
        // AdamW's moments: zero-initialized on the device.
        Tensor[] m = p.Select(t => Tensor.Zeros(t.Shape, t.DType, device)).ToArray(), v = p.Select(t => Tensor.Zeros(t.Shape, t.DType, device)).ToArray();
        var losses = new double[TrainingSteps];
        // INNAprop: one optimizer per parameter tensor (each holds the state of one vector), γ = 1e-3.
        Innaprop<float>[] innaprop32 = p.Select(_ => new Innaprop<float>(new ConstantSchedule(1e-3))).ToArray();
        Innaprop<double>[] innaprop64 = p.Select(_ => new Innaprop<double>(new ConstantSchedule(1e-3))).ToArray();
        try
        {
            using Tensor flat = allImages.Reshape(TrainingExamples + 256, 784);
            double[] pixels = flat.ToDoubleArray();
            for (int k = 0; k < TrainingSteps; k++)
            {
                int first = k * TrainingBatch % TrainingExamples;
                using Tensor batchHost = Tensor.From<double>(pixels.AsSpan(first * 784, TrainingBatch * 784), [TrainingBatch, 1, 28, 28]);
                using Tensor batchTyped = batchHost.To(dtype);
                using Tensor x = batchTyped.To(device);
                (double loss, Tensor[] g) = model.LossAndGradients(x, allLabels[first..(first + TrainingBatch)], DerivativePolicy.PyTorch);
                losses[k] = loss;
                AdamWLikeUpdate rule = AdamWLikeUpdate.At(k + 1, lr: 1e-3);
                for (int i = 0; i < p.Length; i++)
                {
                    if (optimizer == "AdamW")
                    {
                        p[i].Backend.ApplyUpdate(rule, [p[i], m[i], v[i]], [g[i]]);
                    }
                    else if (dtype == DType.Float32)
                    {
                        innaprop32[i].Step(p[i], g[i]);
                    }
                    else
                    {
                        innaprop64[i].Step(p[i], g[i]);
                    }
                }
                DisposeAll(g);
            }
            using Tensor heldHost = Tensor.From<double>(pixels.AsSpan(TrainingExamples * 784, 256 * 784), [256, 1, 28, 28]);
            using Tensor heldTyped = heldHost.To(dtype);
            using Tensor held = heldTyped.To(device);
            using Tensor final = model.Loss(held, allLabels[TrainingExamples..]);
            return (losses, final.Item());
        }
        finally
        {
            DisposeAll(p, m, v, [allImages]);
        }
    }
}
