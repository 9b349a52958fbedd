using System.Reflection;
using SourceAD.Tensors;
using SourceAD.Tests.Tensors;

namespace SourceAD.Backends.Tests;

// Primal ops: every OpTable case (broadcasting, reductions over axes, reshape/flatten, conv2d with stride and padding,
// pools, batch norm in training and evaluation, softmax/log-softmax, losses, activations, matmul/linear 2-D and batched)
// in float32 and float64.
public abstract partial class BackendSuite
{
    /// <summary>The primal of every op case gives the CPU backend's values (and batch norm in training the same running statistics).</summary>
    [Theory]
    [MemberData(nameof(SuiteOpCases.Data), MemberType = typeof(SuiteOpCases))]
    public void OpPrimalMatchesCpu(string opCase, DType dtype)
    {
        (int index, OpCase c) = SuiteOpCases.Find(opCase);
        TensorOpRule rule = OpTable.All[c.Op];
        Tensor?[] x = c.Inputs(new SeededRandom(7000 + (ulong)index), dtype);
        Tensor?[] xd = ToDevice(x);
        try
        {
            using Tensor y = OnReference(() => rule.Primal(x, c.Attributes));
            using Tensor yd = OnDevice(() => rule.Primal(xd, c.Attributes));
            AssertAgrees(y, yd, $"{opCase} {dtype} primal");
            if (c.Op is "BatchNorm2d" or "BatchNorm1d")
            {
                // Training updates the running statistics in place (momentum OpDefaults.BatchNormMomentum, unbiased variance); evaluation leaves them.
                AssertAgrees(x[3]!, xd[3]!, $"{opCase} {dtype} running mean after the primal");
                AssertAgrees(x[4]!, xd[4]!, $"{opCase} {dtype} running variance after the primal");
            }
        }
        finally
        {
            DisposeAll(x, xd);
        }
    }

    /// <summary>Every OpTable row has at least one case, so the table-driven tests above cover every op.</summary>
    [Fact]
    public void EveryOpTableRowHasACase()
    {
        var covered = SuiteOpCases.All().Select(c => c.Op).ToHashSet();
        string[] missing = OpTable.All.Keys.Where(k => !covered.Contains(k)).ToArray();
        Assert.True(missing.Length == 0, $"OpTable rows without a suite case: {string.Join(", ", missing)}.");
    }

    /// <summary>
    /// Every public method of <see cref="Ops"/> is exercised by this suite: through an OpTable row, or by name in a test
    /// of its own. A new op fails here until the suite covers it.
    /// </summary>
    [Fact]
    public void EveryPublicOpIsCovered()
    {
        // Reached through OpTable rows (primal, Backward and Jvp of each).
        var covered = new HashSet<string>(OpTable.All.Keys.SelectMany(k => new[] { k, k + "Backward", k + "Jvp" }))
        {
            "BinaryBackward", "BinaryJvp", // the Add/Sub/Mul/Div rows
            "AddInPlace", "Conv2dBackwardInput", "Conv2dBackwardWeights", "LinearBackwardWeights", // BackendSuite.Rules.cs
        };
        string[] missing = typeof(Ops).GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Select(m => m.Name).Distinct().Where(n => !covered.Contains(n)).Order().ToArray();
        Assert.True(missing.Length == 0, $"Public ops the backend suite does not cover: {string.Join(", ", missing)}.");
    }
}
