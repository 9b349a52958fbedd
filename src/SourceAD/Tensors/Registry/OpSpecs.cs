// Linked into the generator as well (see OpSpec.cs). Adding an op: one row here, its Ops methods and backend kernels,
// and an OpCases entry (the tests fail until every row has one).
using System.Collections.Generic;
#if SOURCEAD_GENERATOR
namespace SourceAD.Generators.Registry;
#else
namespace SourceAD.Tensors;
#endif

/// <summary>The op registry: one <see cref="OpSpec"/> per tensor op.</summary>
public static class OpSpecs
{
    /// <summary>Flops charged per element for exp, log or tanh (thesis Table 2.2's c_nonlin, taken as 1 unit + the arithmetic around it).</summary>
    public const int TranscendentalFlops = 4;

    private const int T = TranscendentalFlops;

    /// <summary>Every row, in a fixed order.</summary>
    public static IReadOnlyList<OpSpec> All { get; } = Build();

    private static OpAttributeSpec A(string name, object? defaultValue) => new(name, defaultValue);

    private static OpAttributeSpec Required(string name) => new(name);

    private static RuleBinding R(string method, string[] args, params string[] results) =>
        new(method, args, results.Length == 0 ? null : results);

    private static OpCostSpec PerElement(int primal, int backward, int jvp) => new(CostModel.PerElement, primal, backward, jvp);

    private static string[] X => new[] { "x" };

    private static string[] AB => new[] { "a", "b" };

    /// <summary>A unary op whose rules read its input x (and the policy, for a kink), plus its attributes.</summary>
    private static OpSpec OnInput(string name, NonsmoothKind kind, OpCostSpec cost, bool policy, params OpAttributeSpec[] attributes)
    {
        var back = new List<string> { "x", Token.DY };
        var jvp = new List<string> { "x", Token.NeedTangent + "x" };
        if (policy)
        {
            back.Add(Token.Policy);
            jvp.Add(Token.Policy);
        }
        foreach (OpAttributeSpec a in attributes)
        {
            back.Add(a.Name);
            jvp.Add(a.Name);
        }
        return new(name, X, X, attributes, kind, R(name + "Backward", back.ToArray()), R(name + "Jvp", jvp.ToArray()), cost);
    }

    /// <summary>A unary op whose rules read its output y, plus its attributes.</summary>
    private static OpSpec OnOutput(string name, OpCostSpec cost, params OpAttributeSpec[] attributes)
    {
        var back = new List<string> { Token.Y, Token.DY };
        var jvp = new List<string> { Token.Y, Token.NeedTangent + "x" };
        foreach (OpAttributeSpec a in attributes)
        {
            back.Add(a.Name);
            jvp.Add(a.Name);
        }
        return new(name, X, X, attributes, NonsmoothKind.None, R(name + "Backward", back.ToArray()), R(name + "Jvp", jvp.ToArray()), cost);
    }

    private static OpSpec Binary(string name, OpCostSpec cost)
    {
        string kind = Token.Literal + "global::SourceAD.Tensors.Backends.BinaryKind." + name;
        return new(name, AB, AB, new OpAttributeSpec[0], NonsmoothKind.None,
            R("BinaryBackward", new[] { kind, "a", "b", Token.DY }, "a:Da", "b:Db"),
            R("BinaryJvp", new[] { kind, "a", "b", Token.Tangent + "a", Token.Tangent + "b" }), cost);
    }

    private static IReadOnlyList<OpSpec> Build()
    {
        string[] xwb = { "x", "w", "b" };
        OpAttributeSpec[] pool = { Required("kernel"), A("stride", null), A("padding", 0) };
        OpAttributeSpec[] axes = { A("axes", null), A("keepDims", false) };
        return new List<OpSpec>
        {
            new("MatMul", AB, AB, new OpAttributeSpec[0], NonsmoothKind.None,
                R("MatMulBackward", new[] { "a", "b", Token.DY }, "a:Da", "b:Db"),
                R("MatMulJvp", new[] { "a", "b", Token.Tangent + "a", Token.Tangent + "b" }),
                new OpCostSpec(CostModel.MatMul, 1, 2, 2)),
            new("Linear", xwb, xwb, new OpAttributeSpec[0], NonsmoothKind.None,
                R("LinearBackward", new[] { "x", "w", Token.Has + "b", Token.DY }, "x:Dx", "w:Dw", "b:Db"),
                R("LinearJvp", new[] { "x", "w", Token.Tangent + "x", Token.Tangent + "w", Token.Tangent + "b" }),
                new OpCostSpec(CostModel.Linear),
                backwardWithoutFirstInput: R("LinearBackwardWeights", new[] { "x", "w", Token.Has + "b", Token.DY }, "w:Dw", "b:Db")),
            // Dilation and groups (depthwise) are compositions of the plain kernels (Conv2dGroupsOp.cs).
            new("Conv2d", xwb, xwb, new[] { A("stride", 1), A("padding", 0), A("dilation", 1), A("groups", 1) }, NonsmoothKind.None,
                R("Conv2dBackward", new[] { "x", "w", Token.Has + "b", Token.DY, "stride", "padding", "dilation", "groups" }, "x:Dx", "w:Dw", "b:Db"),
                R("Conv2dJvp", new[] { "x", "w", Token.Tangent + "x", Token.Tangent + "w", Token.Tangent + "b", "stride", "padding", "dilation", "groups" }),
                new OpCostSpec(CostModel.Conv2d),
                backwardWithoutFirstInput: R("Conv2dBackwardWeights", new[] { "x", "w", Token.Has + "b", Token.DY, "stride", "padding", "dilation", "groups" }, "w:Dw", "b:Db")),
            // Conv2d on [N, C, 1, L] views with the padding written out (Conv2d pads both axes alike).
            new("Conv1d", xwb, xwb, new[] { A("stride", 1), A("padding", 0) }, NonsmoothKind.None,
                R("Conv1dBackward", new[] { "x", "w", Token.Has + "b", Token.DY, "stride", "padding" }, "x:Dx", "w:Dw", "b:Db"),
                R("Conv1dJvp", new[] { "x", "w", Token.Tangent + "x", Token.Tangent + "w", Token.Tangent + "b", "stride", "padding" }),
                new OpCostSpec(CostModel.Conv1d)),
            // The rules recompute the window max, scan for its active set and apply the shares.
            OnInput("MaxPool2d", NonsmoothKind.MaxLike, new OpCostSpec(CostModel.MaxPool, 1, 3, 3), true, pool),
            OnInput("AvgPool2d", NonsmoothKind.None, new OpCostSpec(CostModel.AvgPool), false, pool),
            // A mean over each window of a [N, C, s, H/s, s, W/s] view (s divides H and W); s = 1 is global average pooling.
            OnInput("AdaptiveAvgPool2d", NonsmoothKind.None, PerElement(1, 1, 1), false, A("outputSize", 1)),
            // x, gamma and beta are differentiable; the running statistics are state, moved by the primal in training
            // (momentum 0 leaves them exactly as they are: how the generator re-runs a primal in a reverse sweep).
            new("BatchNorm2d", new[] { "x", "gamma", "beta", "runningMean", "runningVar" }, new[] { "x", "gamma", "beta" },
                new[] { Required("training"), A("momentum", OpDefaults.BatchNormMomentum), A("eps", OpDefaults.BatchNormEps) }, NonsmoothKind.None,
                R("BatchNorm2dBackward", new[] { "x", "gamma", "runningMean", "runningVar", Token.DY, "training", "eps" }, "x:Dx", "gamma:Dgamma", "beta:Dbeta"),
                R("BatchNorm2dJvp", new[] { "x", "gamma", "runningMean", "runningVar", Token.Tangent + "x", Token.Tangent + "gamma", Token.Tangent + "beta", "training", "eps" }),
                PerElement(7, 12, 12), statistics: "momentum"),
            // BatchNorm2d on x viewed as [N, C, L, 1]: the same kernels, attributes and statistics.
            new("BatchNorm1d", new[] { "x", "gamma", "beta", "runningMean", "runningVar" }, new[] { "x", "gamma", "beta" },
                new[] { Required("training"), A("momentum", OpDefaults.BatchNormMomentum), A("eps", OpDefaults.BatchNormEps) }, NonsmoothKind.None,
                R("BatchNorm1dBackward", new[] { "x", "gamma", "runningMean", "runningVar", Token.DY, "training", "eps" }, "x:Dx", "gamma:Dgamma", "beta:Dbeta"),
                R("BatchNorm1dJvp", new[] { "x", "gamma", "runningMean", "runningVar", Token.Tangent + "x", Token.Tangent + "gamma", Token.Tangent + "beta", "training", "eps" }),
                PerElement(7, 12, 12), statistics: "momentum"),
            OnInput("Relu", NonsmoothKind.ReluLike, PerElement(1, 2, 2), true),
            OnInput("Abs", NonsmoothKind.AbsLike, PerElement(1, 2, 2), true),
            new("LeakyRelu", X, X, new[] { A("slope", OpDefaults.LeakyReluSlope) }, NonsmoothKind.ReluLike,
                R("LeakyReluBackward", new[] { "x", Token.DY, "slope", Token.Policy }),
                R("LeakyReluJvp", new[] { "x", Token.NeedTangent + "x", "slope", Token.Policy }), PerElement(2, 2, 2)),
            OnOutput("Tanh", PerElement(T, 3, 3)),
            OnOutput("Sigmoid", PerElement(T, 3, 3)),
            OnOutput("Softmax", PerElement(T + 3, 4, 4), A("axis", -1)),
            OnOutput("LogSoftmax", PerElement(T + 3, T + 2, 3), A("axis", -1)),
            new("CrossEntropy", new[] { "logits" }, new[] { "logits" }, new[] { Required("labels"), A("ignoreIndex", OpDefaults.CrossEntropyIgnoreIndex) }, NonsmoothKind.None,
                R("CrossEntropyBackward", new[] { "logits", "labels", Token.DYItem, "ignoreIndex" }),
                R("CrossEntropyJvp", new[] { "logits", "labels", Token.NeedTangent + "logits", "ignoreIndex" }), PerElement(T + 3, T + 5, T + 7)),
            new("Mse", AB, AB, new OpAttributeSpec[0], NonsmoothKind.None,
                R("MseBackward", new[] { "a", "b", Token.DYItem }, "a:Da", "b:Db"),
                R("MseJvp", new[] { "a", "b", Token.Tangent + "a", Token.Tangent + "b" }), PerElement(3, 3, 5)),
            // Backward: the partial products, then one sum back to each operand's shape.
            Binary("Add", new OpCostSpec(CostModel.Broadcast, 1, 2, 1)),
            Binary("Sub", new OpCostSpec(CostModel.Broadcast, 1, 2, 1)),
            Binary("Mul", new OpCostSpec(CostModel.Broadcast, 1, 4, 3)),
            Binary("Div", new OpCostSpec(CostModel.Broadcast, 1, 6, 4)),
            new("Maximum", AB, AB, new OpAttributeSpec[0], NonsmoothKind.MaxLike,
                R("MaximumBackward", new[] { "a", "b", Token.DY, Token.Policy }, "a:Da", "b:Db"),
                R("MaximumJvp", new[] { "a", "b", Token.Tangent + "a", Token.Tangent + "b", Token.Policy }),
                new OpCostSpec(CostModel.Broadcast, 1, 4, 4)),
            // The rules recompute the max, count the active set and apply the shares.
            OnInput("Max", NonsmoothKind.MaxLike, PerElement(1, 3, 3), true, axes),
            OnInput("Sum", NonsmoothKind.None, PerElement(1, 1, 1), false, axes),
            OnInput("Mean", NonsmoothKind.None, PerElement(1, 2, 1), false, axes),
            // Elementwise math (UnaryKind kernels, formulas in ElementwiseMath): rules read y where it is cheaper.
            OnOutput("Exp", PerElement(T, 1, 1)),
            OnInput("Log", NonsmoothKind.None, PerElement(T, 1, 1), false),
            OnOutput("Sqrt", PerElement(T, 2, 2)),
            OnOutput("Rsqrt", PerElement(T + 1, 4, 4)),
            OnInput("Square", NonsmoothKind.None, PerElement(1, 2, 2), false),
            OnInput("Pow", NonsmoothKind.None, PerElement(T, T + 2, T + 2), false, Required("exponent")),
            new("Neg", X, X, new OpAttributeSpec[0], NonsmoothKind.None,
                R("NegBackward", new[] { Token.DY }), R("NegJvp", new[] { Token.NeedTangent + "x" }), PerElement(1, 1, 1)),
            OnInput("Clamp", NonsmoothKind.OneSided, PerElement(2, 2, 2), false, Required("min"), Required("max")),
            // −max(−a, −b): ties share by DerivativePolicy.Binary as Maximum's (0.5/0.5 under PyTorch, as torch.minimum).
            new("Minimum", AB, AB, new OpAttributeSpec[0], NonsmoothKind.MaxLike,
                R("MinimumBackward", new[] { "a", "b", Token.DY, Token.Policy }, "a:Da", "b:Db"),
                R("MinimumJvp", new[] { "a", "b", Token.Tangent + "a", Token.Tangent + "b", Token.Policy }),
                new OpCostSpec(CostModel.Broadcast, 4, 6, 6)),
            OnInput("Gelu", NonsmoothKind.None, PerElement(T + 6, T + 12, T + 12), false, A("approximateTanh", false)),
            OnInput("Silu", NonsmoothKind.None, PerElement(T + 2, T + 5, T + 5), false),
            OnInput("Softplus", NonsmoothKind.None, PerElement(2 * T, T + 2, T + 2), false),
            OnInput("Elu", NonsmoothKind.OneSided, PerElement(T + 2, T + 1, T + 1), false, A("alpha", OpDefaults.EluAlpha)),
            // Scalar–tensor arithmetic: the scalar is an attribute, never a tensor.
            new("AddScalar", X, X, new[] { Required("scalar") }, NonsmoothKind.None,
                R("AddScalarBackward", new[] { "x", Token.DY }), R("AddScalarJvp", new[] { Token.NeedTangent + "x" }), PerElement(1, 0, 0)),
            new("MulScalar", X, X, new[] { Required("scalar") }, NonsmoothKind.None,
                R("MulScalarBackward", new[] { Token.DY, "scalar" }), R("MulScalarJvp", new[] { Token.NeedTangent + "x", "scalar" }), PerElement(1, 1, 1)),
            // Views: the rules only reshape.
            new("Reshape", X, X, new[] { Required("shape") }, NonsmoothKind.None,
                R("ReshapeBackward", new[] { "x", Token.DY }), R("ReshapeJvp", new[] { Token.NeedTangent + "x", "shape" }), new OpCostSpec(CostModel.Free)),
            new("Flatten", X, X, new[] { A("startAxis", 1) }, NonsmoothKind.None,
                R("FlattenBackward", new[] { "x", Token.DY }), R("FlattenJvp", new[] { Token.NeedTangent + "x", "startAxis" }), new OpCostSpec(CostModel.Free)),
            new("Unsqueeze", X, X, new[] { Required("axis") }, NonsmoothKind.None,
                R("UnsqueezeBackward", new[] { "x", Token.DY }), R("UnsqueezeJvp", new[] { Token.NeedTangent + "x", "axis" }), new OpCostSpec(CostModel.Free)),
            new("Squeeze", X, X, new[] { Required("axis") }, NonsmoothKind.None,
                R("SqueezeBackward", new[] { "x", Token.DY }), R("SqueezeJvp", new[] { Token.NeedTangent + "x", "axis" }), new OpCostSpec(CostModel.Free)),
            // Axis permutations: copies without arithmetic; the rules permute back (PermuteBackward inverts the axes).
            new("Permute", X, X, new[] { Required("axes") }, NonsmoothKind.None,
                R("PermuteBackward", new[] { Token.DY, "axes" }), R("PermuteJvp", new[] { Token.NeedTangent + "x", "axes" }), new OpCostSpec(CostModel.Free)),
            new("Transpose", X, X, new[] { Required("axis0"), Required("axis1") }, NonsmoothKind.None,
                R("TransposeBackward", new[] { Token.DY, "axis0", "axis1" }), R("TransposeJvp", new[] { Token.NeedTangent + "x", "axis0", "axis1" }),
                new OpCostSpec(CostModel.Free)),
            // The mask (x's dtype, positive = fill) is data: no adjoint, no tangent.
            new("MaskedFill", new[] { "x", "mask" }, X, new[] { Required("value") }, NonsmoothKind.None,
                R("MaskedFillBackward", new[] { Token.DY, "mask" }), R("MaskedFillJvp", new[] { Token.NeedTangent + "x", "mask" }), PerElement(1, 1, 1)),
            // The mask is hashed from (seed, step, index) by every call, never stored: the rules take the same attributes.
            new("Dropout", X, X, new[] { Required("p"), Required("seed"), Required("step"), Required("training") }, NonsmoothKind.None,
                R("DropoutBackward", new[] { Token.DY, "p", "seed", "step", "training" }),
                R("DropoutJvp", new[] { Token.NeedTangent + "x", "p", "seed", "step", "training" }), PerElement(1, 1, 1)),
            // Slices along an axis (copies): Narrow's rule writes dy into zeros, Concat's narrows dy.
            new("Narrow", X, X, new[] { Required("axis"), Required("start"), Required("length") }, NonsmoothKind.None,
                R("NarrowBackward", new[] { "x", Token.DY, "axis", "start" }), R("NarrowJvp", new[] { Token.NeedTangent + "x", "axis", "start", "length" }),
                new OpCostSpec(CostModel.Free)),
            new("Concat", AB, AB, new[] { Required("axis") }, NonsmoothKind.None,
                R("ConcatBackward", new[] { "a", "b", Token.DY, "axis" }, "a:Da", "b:Db"),
                R("ConcatJvp", new[] { "a", "b", Token.Tangent + "a", Token.Tangent + "b", "axis" }), new OpCostSpec(CostModel.Free)),
            // Over the last axis; composed of SumTo/Binary/Unary kernels, the rules recompute x̂ and invStd.
            new("LayerNorm", new[] { "x", "weight", "bias" }, new[] { "x", "weight", "bias" }, new[] { A("eps", OpDefaults.LayerNormEps) }, NonsmoothKind.None,
                R("LayerNormBackward", new[] { "x", "weight", Token.DY, "eps" }, "x:Dx", "weight:Dweight", "bias:Dbias"),
                R("LayerNormJvp", new[] { "x", "weight", Token.Tangent + "x", Token.Tangent + "weight", Token.Tangent + "bias", "eps" }),
                PerElement(10, 20, 22)),
            // One op with its own rules: they recompute the probabilities from q and k (fused at the registry level;
            // the kernels are the batched GEMM and softmax).
            new("ScaledDotProductAttention", new[] { "q", "k", "v" }, new[] { "q", "k", "v" }, new[] { A("causal", false) }, NonsmoothKind.None,
                R("ScaledDotProductAttentionBackward", new[] { "q", "k", "v", Token.DY, "causal" }, "q:Dq", "k:Dk", "v:Dv"),
                R("ScaledDotProductAttentionJvp", new[] { "q", "k", "v", Token.Tangent + "q", Token.Tangent + "k", Token.Tangent + "v", "causal" }),
                new OpCostSpec(CostModel.Attention)),
            // Integer indices are an attribute (as cross-entropy's labels); the backward rule adds rows in index order.
            new("Embedding", new[] { "weight" }, new[] { "weight" }, new[] { Required("indices") }, NonsmoothKind.None,
                R("EmbeddingBackward", new[] { "weight", "indices", Token.DY }), R("EmbeddingJvp", new[] { Token.NeedTangent + "weight", "indices" }),
                new OpCostSpec(CostModel.Gather)),
        };
    }
}
