using System.Reflection;
using System.Runtime.CompilerServices;
using SourceAD.Tensors.Backends;

namespace SourceAD.Tensors;

/// <summary>
/// Every tensor op, one row each: primal, backward rule, forward (JVP) rule and their costs in flops, bound by
/// reflection from the registry (<see cref="OpSpecs"/>), the same rows the generator writes its derivative calls from.
/// Table-driven tests iterate <see cref="All"/>; adding an op means adding a registry row.
/// </summary>
public static class OpTable
{
    /// <summary>All rows, by name.</summary>
    public static IReadOnlyDictionary<string, TensorOpRule> All { get; } = OpSpecs.All.ToDictionary(s => s.Name, Bind);

    /// <summary>Flops charged per element for exp, log or tanh (see <see cref="OpSpecs.TranscendentalFlops"/>).</summary>
    public const int TranscendentalFlops = OpSpecs.TranscendentalFlops;

    /// <summary>
    /// The <see cref="Ops"/> method a binding calls: the one of that name and parameter count whose parameters can be
    /// passed by reflection (an internal array overload stands in for a public span one).
    /// </summary>
    public static MethodInfo Resolve(string method, int parameters)
    {
        MethodInfo[] candidates = typeof(Ops).GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
            .Where(m => m.Name == method && m.GetParameters().Length == parameters && !m.GetParameters().Any(p => p.ParameterType.IsByRefLike))
            .ToArray();
        return candidates.Length == 1
            ? candidates[0]
            : throw new InvalidOperationException($"The registry binds Ops.{method} with {parameters} arguments: {candidates.Length} methods match.");
    }

    private static TensorOpRule Bind(OpSpec spec)
    {
        MethodInfo primal = Resolve(spec.Name, spec.Inputs.Length + spec.Attributes.Length);
        MethodInfo backward = Resolve(spec.Backward.Method, spec.Backward.Args.Length);
        MethodInfo jvp = Resolve(spec.Jvp.Method, spec.Jvp.Args.Length);
        string[] primalArgs = spec.Inputs.Concat(spec.Attributes.Select(a => a.Name)).ToArray();
        return new TensorOpRule(spec.Name, spec.Inputs.Length, spec.Nonsmooth,
            (x, a) => (Tensor)Call(primal, primalArgs, new Frame(spec, x, a, null, null, null)),
            (x, a, y, dy) => Adjoints(spec, Call(backward, spec.Backward.Args, new Frame(spec, x, a, y, dy, null))),
            (x, a, y, t) => (Tensor)Call(jvp, spec.Jvp.Args, new Frame(spec, x, a, y, null, t)),
            (x, a) => Cost(spec, x, a),
            spec);
    }

    private sealed record Frame(OpSpec Spec, Tensor?[] X, OpAttributes A, Tensor? Y, Tensor? DY, Tensor?[]? T)
    {
        public int Index(string input)
        {
            int i = Array.IndexOf(Spec.Inputs, input);
            return i >= 0 ? i : throw new InvalidOperationException($"{Spec.Name}: '{input}' is no input.");
        }
    }

    private static object Call(MethodInfo method, string[] tokens, Frame f)
    {
        ParameterInfo[] ps = method.GetParameters();
        object?[] args = new object?[tokens.Length];
        for (int i = 0; i < tokens.Length; i++) args[i] = Value(tokens[i], ps[i].ParameterType, f);
        try
        {
            return method.Invoke(null, args)!;
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            throw;
        }
    }

    private static object? Value(string token, Type type, Frame f)
    {
        switch (token)
        {
            case Token.Y: return f.Y;
            case Token.DY: return f.DY;
            case Token.DYItem: return f.DY!.Item();
            case Token.Policy: return f.A.EffectivePolicy;
        }
        if (token.StartsWith(Token.NeedTangent, StringComparison.Ordinal))
        {
            int i = f.Index(token[Token.NeedTangent.Length..]);
            Tensor like = f.X[i]!;
            return f.T![i] ?? Tensor.Zeros(like.Shape, like.DType, like.Device);
        }
        if (token.StartsWith(Token.Tangent, StringComparison.Ordinal))
        {
            int i = f.Index(token[Token.Tangent.Length..]);
            return f.X[i] is null ? null : f.T![i];
        }
        if (token.StartsWith(Token.Has, StringComparison.Ordinal)) return f.X[f.Index(token[Token.Has.Length..])] is not null;
        if (token.StartsWith(Token.Literal, StringComparison.Ordinal))
        {
            string text = token[Token.Literal.Length..];
            return Enum.Parse(type, text[(text.LastIndexOf('.') + 1)..]);
        }
        int input = Array.IndexOf(f.Spec.Inputs, token);
        if (input >= 0) return f.X[input];
        OpAttributeSpec attribute = f.Spec.Attributes.FirstOrDefault(a => a.Name == token)
            ?? throw new InvalidOperationException($"{f.Spec.Name}: unknown token '{token}'.");
        object? given = typeof(OpAttributes).GetProperty(token, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase)?.GetValue(f.A);
        object? value = given ?? (attribute.Required ? throw new ArgumentException($"{f.Spec.Name} needs OpAttributes.{token}.") : attribute.Default);
        if (value is null) return null;
        Type target = Nullable.GetUnderlyingType(type) ?? type;
        return target.IsInstanceOfType(value) ? value : Convert.ChangeType(value, target, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>A rule's result as one adjoint per input (null for an absent or non-differentiable one).</summary>
    private static Tensor?[] Adjoints(OpSpec spec, object result)
    {
        var adjoints = new Tensor?[spec.Inputs.Length];
        if (spec.Backward.Results is not { } items)
        {
            adjoints[Array.IndexOf(spec.Inputs, spec.Differentiable[0])] = (Tensor)result;
            return adjoints;
        }
        var tuple = (ITuple)result;
        for (int i = 0; i < items.Length; i++)
        {
            string input = items[i][..items[i].IndexOf(':')];
            adjoints[Array.IndexOf(spec.Inputs, input)] = (Tensor?)tuple[i];
        }
        return adjoints;
    }

    private static OpCost Cost(OpSpec spec, Tensor?[] x, OpAttributes a)
    {
        OpCostSpec c = spec.Cost;
        OpCost Times(long n) => new(c.Primal * n, c.Backward * n, c.Jvp * n);
        switch (c.Model)
        {
            case CostModel.PerElement:
                return Times(x[0]!.Length);
            case CostModel.Broadcast:
                return Times(TensorShape.Count(TensorShape.Broadcast(spec.Name, x[0]!.Shape, x[1]!.Shape)));
            case CostModel.MatMul:
                return Times(2L * Math.Max(Ops.MatMulBatch(x[0]!), Ops.MatMulBatch(x[1]!))
                    * x[0]!.Size(-2) * x[0]!.Size(-1) * x[1]!.Size(-1));
            case CostModel.Linear:
            {
                long rows = x[0]!.Length / x[0]!.Size(-1);
                long gemm = 2L * rows * x[0]!.Size(-1) * x[1]!.Size(0);
                long bias = x[2] is null ? 0 : rows * x[1]!.Size(0);
                return new(gemm + bias, 2 * gemm + bias, 2 * gemm + 2 * bias);
            }
            case CostModel.Conv2d:
            {
                // The useful multiply-adds: a dilated kernel's zeros (which the composition also multiplies) are not counted.
                var g = new Conv2dGeometry(a.Stride ?? 1, a.Padding);
                long outputs = (long)x[0]!.Size(0) * x[1]!.Size(0) * g.OutputSize(x[0]!.Size(2), (x[1]!.Size(2) - 1) * a.Dilation + 1)
                    * g.OutputSize(x[0]!.Size(3), (x[1]!.Size(3) - 1) * a.Dilation + 1);
                long gemm = 2L * outputs * x[1]!.Size(1) * x[1]!.Size(2) * x[1]!.Size(3);
                long bias = x[2] is null ? 0 : outputs;
                return new(gemm + bias, 2 * gemm + bias, 2 * gemm + 2 * bias);
            }
            case CostModel.Conv1d:
            {
                int lOut = (x[0]!.Size(2) + 2 * a.Padding - x[1]!.Size(2)) / (a.Stride ?? 1) + 1;
                long outputs = (long)x[0]!.Size(0) * x[1]!.Size(0) * lOut;
                long gemm = 2L * outputs * x[1]!.Size(1) * x[1]!.Size(2);
                long bias = x[2] is null ? 0 : outputs;
                return new(gemm + bias, 2 * gemm + bias, 2 * gemm + 2 * bias);
            }
            case CostModel.MaxPool:
            {
                long outputs = PoolOutputs(x[0]!, a), window = a.Kernel * a.Kernel;
                return new(outputs * (window - 1), outputs * 3 * window, outputs * 3 * window);
            }
            case CostModel.AvgPool:
                return Times(PoolOutputs(x[0]!, a) * a.Kernel * a.Kernel);
            case CostModel.Attention:
            {
                long d = x[0]!.Size(-1), scores = x[0]!.Length / d * x[1]!.Size(-2), dv = x[2]!.Size(-1);
                long probabilities = 2 * scores * d + (OpSpecs.TranscendentalFlops + 4) * scores;
                return new(probabilities + 2 * scores * dv, probabilities + 4 * scores * dv + 4 * scores * d + 5 * scores,
                    probabilities + 4 * scores * d + 4 * scores * dv + 5 * scores);
            }
            case CostModel.Gather:
                return Times((long)(a.Indices?.Length ?? 0) * x[0]!.Size(-1));
            default:
                return default;
        }
    }

    private static long PoolOutputs(Tensor x, OpAttributes a)
    {
        var g = new Pool2dGeometry(a.Kernel, a.Stride ?? a.Kernel, a.Padding);
        return (long)x.Size(0) * x.Size(1) * g.OutputSize(x.Size(2)) * g.OutputSize(x.Size(3));
    }
}
