using SourceAD.Optimizers;
using SourceAD.Tensors;

namespace SourceAD.Backends.Tests;

// Optimizer steps: ITensorBackend.ApplyUpdate with update rules (hand-written IElementwiseUpdate structs until the
// generated UpdateRules.{Rule}Update land), several steps in place, compared with the CPU backend BITWISE: the rules
// use only + − × ÷ √ (and max, |x|), each correctly rounded by IEEE 754, in one fixed order, so a backend that keeps
// the order gets the same bits. A backend that contracts a·b + c into a fused multiply-add (CUDA does by default)
// would differ by an ulp now and then; the suite does not allow that, because the host optimizers and the device
// must take the same steps for checkpoints and resumed runs to agree (disable contraction in the kernel instead).
public abstract partial class BackendSuite
{
    public static IEnumerable<object[]> UpdateData() =>
        from rule in new[] { "Sgd", "AdamWLike", "FullArity" }
        from length in new[] { 1, 7, 1000, 40_003 }
        from dtype in new[] { DType.Float32, DType.Float64 }
        select new object[] { rule, length, dtype };

    /// <summary>Five steps of a rule on the device leave θ and every state slot bitwise equal to the CPU backend's.</summary>
    [Theory]
    [MemberData(nameof(UpdateData))]
    public void ApplyUpdateMatchesCpuBitwise(string rule, int length, DType dtype)
    {
        var rng = new SeededRandom(1000 + (ulong)length);
        int slots = rule switch { "Sgd" => 1, "AdamWLike" => 3, _ => 4 }, inputs = rule == "FullArity" ? 2 : 1;
        // θ uniform; the other slots non-negative where the rule needs it (v, b).
        Tensor[] state = Enumerable.Range(0, slots).Select(j => TensorInit.Uniform([length], j == 0 ? -1 : 0, 1, rng, dtype)).ToArray();
        Tensor[] stateD = state.Select(ToDevice).ToArray();
        try
        {
            for (int step = 1; step <= 5; step++)
            {
                Tensor[] g = Enumerable.Range(0, inputs).Select(_ => TensorInit.Uniform([length], -1, 1, rng, dtype)).ToArray();
                Tensor[] gd = g.Select(ToDevice).ToArray();
                OnReference(() => Apply(rule, step, state, g));
                OnDevice(() => Apply(rule, step, stateD, gd));
                DisposeAll(g, gd);
                for (int j = 0; j < slots; j++)
                {
                    AssertExact(state[j], stateD[j], $"{rule} [{length}] {dtype}: state slot {j} after step {step}");
                }
            }
        }
        finally
        {
            DisposeAll(state, stateD);
        }
    }

    private static int Apply(string rule, int step, Tensor[] state, Tensor[] inputs)
    {
        var backend = state[0].Backend;
        switch (rule)
        {
            case "Sgd": backend.ApplyUpdate(new SgdUpdate(0.1), state, inputs); break;
            case "AdamWLike": backend.ApplyUpdate(AdamWLikeUpdate.At(step), state, inputs); break;
            default: backend.ApplyUpdate(new FullArityUpdate(0.3, 0.9), state, inputs); break;
        }
        return 0;
    }

    /// <summary>ApplyUpdate rejects a wrong arity and a slot on another device or dtype, naming the rule, on every backend.</summary>
    [Fact]
    public void ApplyUpdateRejectsBadArguments()
    {
        using Tensor theta = Tensor.Zeros([5], DType.Float32, Device), m = Tensor.Zeros([5], DType.Float32, Device);
        using Tensor v = Tensor.Zeros([5], DType.Float32, Device), g = Tensor.Zeros([5], DType.Float32, Device);
        using Tensor short4 = Tensor.Zeros([4], DType.Float32, Device), wide = Tensor.Zeros([5], DType.Float64, Device);
        var backend = theta.Backend;
        var rule = AdamWLikeUpdate.At(1);
        var e = Assert.ThrowsAny<ArgumentException>(() => backend.ApplyUpdate(rule, [theta, m], [g]));
        Assert.Contains("AdamWLike", e.Message);
        e = Assert.ThrowsAny<ArgumentException>(() => backend.ApplyUpdate(rule, [theta, m, v], [short4]));
        Assert.Contains("[4]", e.Message);
        e = Assert.ThrowsAny<ArgumentException>(() => backend.ApplyUpdate(rule, [theta, m, wide], [g]));
        Assert.Contains("Float64", e.Message);
        using var foreign = ForeignDevice.Tensor([5], DType.Float32);
        e = Assert.ThrowsAny<ArgumentException>(() => backend.ApplyUpdate(rule, [theta, m, v], [foreign]));
        Assert.Contains(ForeignDevice.Device.ToString(), e.Message);
    }

    // ──── The shipped optimizers on Tensor parameters (UpdateRuleOptimizer<T>.Step(Tensor, Tensor), generated {Rule}Update) ────

    public static IEnumerable<object[]> ShippedOptimizerData() =>
        from optimizer in new[] { "Innaprop", "AdamW", "Sgd momentum", "Sgd nesterov", "RmsProp", "Inna" }
        from dtype in new[] { DType.Float32, DType.Float64 }
        select new object[] { optimizer, dtype };

    /// <summary>
    /// The shipped optimizers step a Tensor on the device (state slots on the device, the generated {Rule}Update run by
    /// the backend's ApplyUpdate) exactly as on the CPU (the host's fused, vectorized step): θ bitwise equal after every
    /// step, and the saved state too.
    /// </summary>
    [Theory]
    [MemberData(nameof(ShippedOptimizerData))]
    public void ShippedOptimizersMatchCpuOnTensors(string optimizer, DType dtype)
    {
        if (dtype == DType.Float32)
        {
            CheckShipped<float>(optimizer, dtype);
        }
        else
        {
            CheckShipped<double>(optimizer, dtype);
        }
    }

    private void CheckShipped<T>(string optimizer, DType dtype) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var rng = new SeededRandom(1100);
        using Tensor theta = TensorInit.Uniform([10_007], -1, 1, rng, dtype), thetaD = ToDevice(theta);
        UpdateRuleOptimizer<T> cpu = Create<T>(optimizer), device = Create<T>(optimizer);
        for (int step = 1; step <= 6; step++)
        {
            using Tensor g = TensorInit.Uniform([10_007], -1, 1, rng, dtype), gd = ToDevice(g);
            OnReference(() => { cpu.Step(theta, g); return 0; });
            OnDevice(() => { device.Step(thetaD, gd); return 0; });
            AssertExact(theta, thetaD, $"{optimizer} {dtype}: θ after step {step}");
        }
        string cpuState = Path.GetTempFileName(), deviceState = Path.GetTempFileName();
        try
        {
            cpu.Save(cpuState, theta);
            device.Save(deviceState, thetaD);
            Assert.True(File.ReadAllBytes(cpuState).SequenceEqual(File.ReadAllBytes(deviceState)), $"{optimizer} {dtype}: the saved state differs from the CPU's.");
        }
        finally
        {
            File.Delete(cpuState);
            File.Delete(deviceState);
        }
    }

    private static UpdateRuleOptimizer<T> Create<T>(string name) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T> => name switch
    {
        "Innaprop" => new Innaprop<T>(new ConstantSchedule(1e-2)),
        "AdamW" => new AdamW<T>(new ConstantSchedule(1e-2)),
        "Sgd momentum" => new Sgd<T>(new ConstantSchedule(0.1), momentum: 0.9, dampening: 0.1, weightDecay: 1e-3),
        "Sgd nesterov" => new Sgd<T>(new ConstantSchedule(0.1), momentum: 0.9, nesterov: true),
        "RmsProp" => new RmsProp<T>(new ConstantSchedule(1e-2), weightDecay: 1e-3),
        _ => new Inna<T>(new ConstantSchedule(0.05), weightDecay: 1e-3),
    };
}
