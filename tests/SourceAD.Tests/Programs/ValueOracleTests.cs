using SourceAD.Tests.Support;
using Xunit;

namespace SourceAD.Tests.Programs;

/// <summary>
/// The value oracle over every scalar program of this project: the Value of the generated Gradient, Pullback and
/// Pushforward equals, bit for bit, what the user's method returns (a program that folded a user constant by name,
/// or evaluated anything differently, fails here). One line per program and argument set.
/// </summary>
public class ValueOracleTests
{
    private static readonly double[] V = { 0.5, -1, 0.8, 1.2, -0.3, 2.0, 0.1 };

    [Fact]
    public void ScalarPrograms()
    {
        ValueOracle.Check(typeof(P), nameof(P.Rosenbrock), -1.2, 1.0);
        ValueOracle.Check(typeof(P), nameof(P.Polynomial), 0.7, new[] { 1.5, -2, 0.5, 3, -1 });
        ValueOracle.Check(typeof(P), nameof(P.LogSumExp), V);
        ValueOracle.Check(typeof(P), nameof(P.SinRepeated), 0.9, 25);
        ValueOracle.Check(typeof(P), nameof(P.Mlp), new[] { 0.1, -0.2, 0.3, 0.4, 0.5, -0.6 }, new[] { 0.1, 0.2, -0.1 }, new[] { 0.7, -0.3, 0.2 }, 0.3, new[] { 1.0, -2.0 }, 0.25, 3);
        ValueOracle.Check(typeof(P), nameof(P.Square), 1.7);
        ValueOracle.Check(typeof(P), nameof(P.Nested), 0.4, -1.3);
        ValueOracle.Check(typeof(P), nameof(P.UsesCustom), 0.8, 1.7);
        foreach (var (x, y) in new[] { (1.5, 2.0), (0.9, 2.0), (0.2, -1.5) }) ValueOracle.Check(typeof(P), nameof(P.EarlyReturn), x, y);
        foreach (double limit in new[] { 10.0, 0.5 }) ValueOracle.Check(typeof(P), nameof(P.BreakContinue), V, limit);
        ValueOracle.CheckWith(typeof(P), null, nameof(P.GenericProgram), new[] { typeof(double) }, 0.6, 0.4);
        ValueOracle.CheckWith(typeof(P), null, nameof(P.GenericProgram), new[] { typeof(float) }, 0.6f, 0.4f);
        ValueOracle.CheckWith(typeof(P), null, nameof(P.GenericProgram), new[] { typeof(Half) }, (Half)0.6, (Half)0.4);
        ValueOracle.Check(typeof(P), nameof(P.VectorMap), new[] { 0.3, -0.5, 1.1, 0.2, 0.9 }, 1.7, new double[5]);
        ValueOracle.CheckWith(typeof(ScaledModel), new ScaledModel(1.3), nameof(ScaledModel.Energy), Type.EmptyTypes, V);
        ValueOracle.Check(typeof(ScaledModel.Inner), nameof(ScaledModel.Inner.Cube), 1.3f);
        foreach (var (x, y) in new[] { (0.7, 1.3), (-2.0, 0.4), (30.0, 2.0) }) ValueOracle.Check(typeof(ControlFlowPrograms), nameof(ControlFlowPrograms.DoWhile), x, y);
        ValueOracle.Check(typeof(ControlFlowPrograms), nameof(ControlFlowPrograms.UserConstant), 1.7);
        ValueOracle.Check(typeof(ControlFlowPrograms), nameof(ControlFlowPrograms.NestedBranches), new[] { 1.0, 2.0, -3.0, 0.5 });
        foreach (var (x, y) in new[] { (0.9, 0.8f), (0.2, -1.1f) }) ValueOracle.Check(typeof(ControlFlowPrograms), nameof(ControlFlowPrograms.MixedPrecision), x, y);
    }

    [Fact]
    public void GmmObjective()
    {
        int d = 2, k = 3, n = 4;
        var rng = new Random(7);
        double[] R(int count) => Enumerable.Range(0, count).Select(_ => rng.NextDouble() - 0.5).ToArray();
        ValueOracle.Check(typeof(Gmm), nameof(Gmm.Objective), R(k), R(k * d), R(k * d), R(k * d * (d - 1) / 2), R(n * d), d, k, n, 1.0, 0);
        ValueOracle.Check(typeof(Gmm), nameof(Gmm.LogSumExp), V);
    }

    [Fact]
    public void NonsmoothPolicyPrograms()
    {
        foreach (var (a, b) in new[] { (1.0, 2.0), (2.0, 2.0), (-0.5, -3.0) })
        {
            ValueOracle.Check(typeof(Policies.PolicyPrograms), nameof(Policies.PolicyPrograms.MaxNative), a, b);
            ValueOracle.Check(typeof(Policies.PolicyPrograms), nameof(Policies.PolicyPrograms.MaxMinimal), a, b);
            ValueOracle.Check(typeof(Policies.PolicyPrograms), nameof(Policies.PolicyPrograms.MaxHybrid), a, b);
            ValueOracle.Check(typeof(Policies.PolicyPrograms), nameof(Policies.PolicyPrograms.MaxHybridConservative), a, b);
            if (a != b) ValueOracle.Check(typeof(Policies.PolicyPrograms), nameof(Policies.PolicyPrograms.MaxStrict), a, b); // Strict throws at ties
            ValueOracle.Check(typeof(Policies.PolicyPrograms), nameof(Policies.PolicyPrograms.MinNativeFloat), (float)a, (float)b);
            ValueOracle.Check(typeof(Policies.PolicyPrograms), nameof(Policies.PolicyPrograms.LeakyHalf), a, 0.1);
            ValueOracle.Check(typeof(Policies.PolicyPrograms), nameof(Policies.PolicyPrograms.ClampMinimal), a, -1.0, 3.0);
            ValueOracle.CheckWith(typeof(Policies.PolicyPrograms), null, nameof(Policies.PolicyPrograms.GenericMax), new[] { typeof(double) }, a, b);
        }
        foreach (double x in new[] { -1.5, 0.0, 0.7 })
        {
            ValueOracle.Check(typeof(Policies.PolicyPrograms), nameof(Policies.PolicyPrograms.AbsDefault), x);
            ValueOracle.Check(typeof(Policies.PolicyPrograms), nameof(Policies.PolicyPrograms.AbsJax), x);
            ValueOracle.Check(typeof(Policies.PolicyPrograms), nameof(Policies.PolicyPrograms.AbsQuarter), x);
            ValueOracle.Check(typeof(Policies.PolicyPrograms), nameof(Policies.PolicyPrograms.ReluDefault), x);
            ValueOracle.Check(typeof(Policies.PolicyPrograms), nameof(Policies.PolicyPrograms.ReluSeven), x);
        }
        ValueOracle.Check(typeof(Policies.PolicyPrograms), nameof(Policies.PolicyPrograms.ReductionHybrid), V);
        ValueOracle.Check(typeof(Policies.PolicyPrograms), nameof(Policies.PolicyPrograms.ReductionStrict), V);
    }
}
