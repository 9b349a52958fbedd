using SourceAD.Tensors;
using Xunit;

namespace SourceAD.Tests.Tensors;

/// <summary>The op table's cost column (thesis ch. 2: cost(g), and the backward factor bounded independently of size).</summary>
public class OpCostTests
{
    [Fact]
    public void MatMulCostsTwoMnkAndItsRulesTwoProducts()
    {
        using Tensor a = Tensor.Zeros([3, 4]), b = Tensor.Zeros([4, 5]);
        OpCost cost = OpTable.All["MatMul"].Cost([a, b], new OpAttributes());
        Assert.Equal(new OpCost(120, 240, 240), cost);
    }

    [Fact]
    public void EveryRuleCostsAtMostSixTimesItsPrimal()
    {
        foreach (OpCase c in OpCases.All())
        {
            Tensor?[] x = c.Inputs(new SeededRandom(1), DType.Float64);
            OpCost cost = OpTable.All[c.Op].Cost(x, c.Attributes);
            // A view (Reshape, Flatten, Unsqueeze, …) moves no data: the registry says so once, as a free cost model.
            bool view = OpSpecs.All.Single(s => s.Name == c.Op).Cost.Model == CostModel.Free;
            Assert.True(view ? cost == default : cost.Primal > 0, $"{c}: {cost}");
            // Division is the worst case: dy/b, a/b, their product, the sign, and a sum back per operand.
            Assert.True(cost.Backward <= 6 * cost.Primal && cost.Jvp <= 6 * cost.Primal, $"{c}: {cost}");
            foreach (Tensor? t in x)
            {
                t?.Dispose();
            }
        }
    }

    [Fact]
    public void ALeNet5BackwardPassCostsAboutTwiceItsForwardPass()
    {
        // Shapes of LeNet-5 on a batch of 64 (conv 6@5×5 pad 2, pool, conv 16@5×5, pool, FC 120, 84, 10).
        int n = 64;
        (string Op, int[]?[] Shapes, OpAttributes Attributes)[] layers =
        [
            ("Conv2d", [[n, 1, 28, 28], [6, 1, 5, 5], [6]], new(Padding: 2)),
            ("Relu", [[n, 6, 28, 28]], new()),
            ("MaxPool2d", [[n, 6, 28, 28]], new(Kernel: 2)),
            ("Conv2d", [[n, 6, 14, 14], [16, 6, 5, 5], [16]], new()),
            ("Relu", [[n, 16, 10, 10]], new()),
            ("MaxPool2d", [[n, 16, 10, 10]], new(Kernel: 2)),
            ("Linear", [[n, 400], [120, 400], [120]], new()),
            ("Relu", [[n, 120]], new()),
            ("Linear", [[n, 120], [84, 120], [84]], new()),
            ("Relu", [[n, 84]], new()),
            ("Linear", [[n, 84], [10, 84], [10]], new()),
            ("CrossEntropy", [[n, 10]], new(Labels: new int[n])),
        ];
        long primal = 0, backward = 0;
        foreach (var (op, shapes, attributes) in layers)
        {
            Tensor?[] x = shapes.Select(s => s is null ? null : Tensor.Zeros(s)).ToArray();
            OpCost cost = OpTable.All[op].Cost(x, attributes);
            primal += cost.Primal;
            backward += cost.Backward;
            foreach (Tensor? t in x)
            {
                t?.Dispose();
            }
        }
        double ratio = (double)backward / primal;
        Assert.InRange(ratio, 1.9, 2.2); // GEMMs dominate: two products back for one forward, well within ω_b ≤ 5.
    }
}
