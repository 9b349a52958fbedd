using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;

namespace SourceAD.Generators.Primitives;

/// <summary>
/// What a tensor op's derivative rule sees when the generator writes the call of its backward or forward rule:
/// the primal's arguments by parameter name, the output and its adjoint, the argument tangents and the policy local.
/// </summary>
internal sealed class TensorOpContext
{
    public TensorOpContext(IReadOnlyDictionary<string, string> args, IReadOnlyCollection<string> tensorParams, string output, string adjoint,
        Func<string, string?> tangent, Func<string, bool> active, string policy, string update = "true")
    {
        Update = update;
        Args = args;
        TensorParams = tensorParams;
        Y = output;
        DY = adjoint;
        Tangent = tangent;
        Active = active;
        Policy = policy;
    }

    /// <summary>Printed primal arguments by parameter name (only those the user passed).</summary>
    public IReadOnlyDictionary<string, string> Args { get; }
    public IReadOnlyCollection<string> TensorParams { get; }
    public string Y { get; }
    public string DY { get; }
    public Func<string, string?> Tangent { get; }
    public Func<string, bool> Active { get; }
    public string Policy { get; }

    /// <summary>A bool expression: false when the primal runs again inside a caller's reverse sweep (batch-norm statistics must not move twice).</summary>
    public string Update { get; }

    public string A(string name) => Args[name];

    /// <summary>The passive (non-tensor) arguments the user passed, as named arguments, e.g. <c>, stride: 1, padding: 2</c>.</summary>
    public string Passive(params string[] except) =>
        string.Concat(Args.Where(kv => !TensorParams.Contains(kv.Key) && !except.Contains(kv.Key)).Select(kv => $", {kv.Key}: {kv.Value}"));

    public bool Has(string name) => Args.TryGetValue(name, out string? v) && v != "null";
}

/// <summary>A backward rule call: the lines to emit and, per differentiable parameter, the expression of its adjoint.</summary>
internal sealed record TensorBackward(string Call, IReadOnlyDictionary<string, string> Adjoints);

/// <summary>
/// One tensor op as the generator knows it: its differentiable tensor parameters, and how to call its backward rule
/// (<c>Ops.XBackward</c>) and forward rule (<c>Ops.XJvp</c>). The kernels, their flop costs and their tests live in the
/// runtime's <c>SourceAD.Tensors.OpTable</c>; this table is its compile-time face (the generator cannot load runtime code).
/// </summary>
// Primal: The primal call when it is not <c>Ops.Name(param: arg, …)</c>.
// Internal: A generator-internal row (no <c>Ops</c> method of that name can be called by users).
internal sealed record TensorOp(string Name, string[] Differentiable, Func<TensorOpContext, string, TensorBackward> Backward, Func<TensorOpContext, string?> Jvp,
    Func<TensorOpContext, string>? Primal = null, bool Internal = false)
{
    public const string Ops = "global::SourceAD.Tensors.Ops";
}

internal static class TensorOpTable
{
    public static ImmutableDictionary<string, TensorOp> Rows { get; } = Build().ToImmutableDictionary(r => r.Name);

    /// <summary>The internal row of <c>u = v</c> between tensors: a new handle on v's storage; the adjoint and tangent pass unchanged.</summary>
    public const string AliasOp = "__Alias";

    /// <summary>The internal row of a tensor constant (<c>Tensor.Zeros(…)</c>, written as the user wrote it): no derivative.</summary>
    public const string ConstantOp = "__Constant";

    private static TensorBackward One(string param, string call) => new(call, new Dictionary<string, string> { [param] = "{0}" });

    private static TensorBackward Tuple(string call, params (string Param, string Item)[] items) =>
        new(call, items.ToDictionary(i => i.Param, i => "{0}." + i.Item));

    /// <summary>A unary rule that needs its tangent: null tangent in, null tangent out.</summary>
    private static string? IfTangent(TensorOpContext c, string param, Func<string, string> call) =>
        c.Tangent(c.A(param)) is string t ? $"({t} is null ? null : {call(t)})" : null;

    private static IEnumerable<TensorOp> Build()
    {
        string O = TensorOp.Ops;
        // Unary ops whose rule reads the input x.
        foreach (string name in new[] { "Relu", "Abs" })
        {
            yield return new(name, new[] { "x" },
                (c, v) => One("x", $"var {v} = {O}.{name}Backward({c.A("x")}, {c.DY}, {c.Policy});"),
                c => IfTangent(c, "x", t => $"{O}.{name}Jvp({c.A("x")}, {t}, {c.Policy})"));
        }
        yield return new("LeakyRelu", new[] { "x" },
            (c, v) => One("x", $"var {v} = {O}.LeakyReluBackward({c.A("x")}, {c.DY}, {(c.Has("slope") ? c.A("slope") : "0.01")}, {c.Policy});"),
            c => IfTangent(c, "x", t => $"{O}.LeakyReluJvp({c.A("x")}, {t}, {(c.Has("slope") ? c.A("slope") : "0.01")}, {c.Policy})"));
        // Unary ops whose rule reads the output y.
        foreach (string name in new[] { "Tanh", "Sigmoid" })
        {
            yield return new(name, new[] { "x" },
                (c, v) => One("x", $"var {v} = {O}.{name}Backward({c.Y}, {c.DY});"),
                c => IfTangent(c, "x", t => $"{O}.{name}Jvp({c.Y}, {t})"));
        }
        foreach (string name in new[] { "Softmax", "LogSoftmax" })
        {
            yield return new(name, new[] { "x" },
                (c, v) => One("x", $"var {v} = {O}.{name}Backward({c.Y}, {c.DY}{c.Passive()});"),
                c => IfTangent(c, "x", t => $"{O}.{name}Jvp({c.Y}, {t}{c.Passive()})"));
        }
        // Pooling and reductions: x plus passive arguments; max-like ones take the policy.
        yield return new("MaxPool2d", new[] { "x" },
            (c, v) => One("x", $"var {v} = {O}.MaxPool2dBackward({c.A("x")}, {c.DY}, {c.Policy}{c.Passive()});"),
            c => IfTangent(c, "x", t => $"{O}.MaxPool2dJvp({c.A("x")}, {t}, {c.Policy}{c.Passive()})"));
        yield return new("Max", new[] { "x" },
            (c, v) => One("x", $"var {v} = {O}.MaxBackward({c.A("x")}, {c.DY}, {c.Policy}{c.Passive()});"),
            c => IfTangent(c, "x", t => $"{O}.MaxJvp({c.A("x")}, {t}, {c.Policy}{c.Passive()})"));
        foreach (string name in new[] { "AvgPool2d", "Sum", "Mean" })
        {
            yield return new(name, new[] { "x" },
                (c, v) => One("x", $"var {v} = {O}.{name}Backward({c.A("x")}, {c.DY}{c.Passive()});"),
                c => IfTangent(c, "x", t => $"{O}.{name}Jvp({c.A("x")}, {t}{c.Passive()})"));
        }
        yield return new("Reshape", new[] { "x" },
            (c, v) => One("x", $"var {v} = {O}.ReshapeBackward({c.A("x")}, {c.DY});"),
            c => IfTangent(c, "x", t => $"{O}.ReshapeJvp({t}{c.Passive()})"));
        yield return new("Flatten", new[] { "x" },
            (c, v) => One("x", $"var {v} = {O}.FlattenBackward({c.A("x")}, {c.DY});"),
            c => IfTangent(c, "x", t => $"{O}.FlattenJvp({t}{c.Passive()})"));

        // Layers: one backward call returns every adjoint.
        yield return new("Linear", new[] { "x", "w", "b" },
            (c, v) => c.Active(c.A("x"))
                ? Tuple($"var {v} = {O}.LinearBackward({c.A("x")}, {c.A("w")}, {(c.Has("b") ? "true" : "false")}, {c.DY});",
                    ("x", "Dx"), ("w", "Dw"), ("b", "Db!"))
                // The first layer's input is data: skip its input adjoint (a third of the layer's backward work).
                : Tuple($"var {v} = {O}.LinearBackwardWeights({c.A("x")}, {c.A("w")}, {(c.Has("b") ? "true" : "false")}, {c.DY});",
                    ("w", "Dw"), ("b", "Db!")),
            c => Tangents(c, "x", "w", "b") is { } t ? $"{O}.LinearJvp({c.A("x")}, {c.A("w")}, {t})" : null);
        yield return new("Conv2d", new[] { "x", "w", "b" },
            (c, v) => c.Active(c.A("x"))
                ? Tuple($"var {v} = {O}.Conv2dBackward({c.A("x")}, {c.A("w")}, {(c.Has("b") ? "true" : "false")}, {c.DY}{c.Passive()});", ("x", "Dx"), ("w", "Dw"), ("b", "Db!"))
                // The first layer's input is data: skip its (costly) input adjoint.
                : Tuple($"var {v} = {O}.Conv2dBackwardWeights({c.A("x")}, {c.A("w")}, {(c.Has("b") ? "true" : "false")}, {c.DY}{c.Passive()});", ("w", "Dw"), ("b", "Db!")),
            c => Tangents(c, "x", "w", "b") is { } t ? $"{O}.Conv2dJvp({c.A("x")}, {c.A("w")}, {t}{c.Passive()})" : null);
        yield return new("MatMul", new[] { "a", "b" },
            (c, v) => Tuple($"var {v} = {O}.MatMulBackward({c.A("a")}, {c.A("b")}, {c.DY});", ("a", "Da"), ("b", "Db")),
            c => Tangents(c, "a", "b") is { } t ? $"{O}.MatMulJvp({c.A("a")}, {c.A("b")}, {t})" : null);
        foreach (string name in new[] { "Add", "Sub", "Mul", "Div" })
        {
            string kind = "global::SourceAD.Tensors.Backends.BinaryKind." + name;
            yield return new(name, new[] { "a", "b" },
                (c, v) => Tuple($"var {v} = {O}.BinaryBackward({kind}, {c.A("a")}, {c.A("b")}, {c.DY});", ("a", "Da"), ("b", "Db")),
                c => Tangents(c, "a", "b") is { } t ? $"{O}.BinaryJvp({kind}, {c.A("a")}, {c.A("b")}, {t})" : null);
        }
        yield return new("Maximum", new[] { "a", "b" },
            (c, v) => Tuple($"var {v} = {O}.MaximumBackward({c.A("a")}, {c.A("b")}, {c.DY}, {c.Policy});", ("a", "Da"), ("b", "Db")),
            c => Tangents(c, "a", "b") is { } t ? $"{O}.MaximumJvp({c.A("a")}, {c.A("b")}, {t}, {c.Policy})" : null);

        // Batch norm: x, gamma and beta are differentiable; the running statistics are state, updated by the primal in
        // training (not when it runs again in a caller's reverse sweep: momentum 0 leaves them exactly as they are).
        yield return new("BatchNorm2d", new[] { "x", "gamma", "beta" },
            (c, v) => Tuple($"var {v} = {O}.BatchNorm2dBackward({c.A("x")}, {c.A("gamma")}, {c.A("runningMean")}, {c.A("runningVar")}, {c.DY}, {c.A("training")}{(c.Has("eps") ? ", eps: " + c.A("eps") : "")});",
                ("x", "Dx"), ("gamma", "Dgamma"), ("beta", "Dbeta")),
            c => Tangents(c, "x", "gamma", "beta") is { } t
                ? $"{O}.BatchNorm2dJvp({c.A("x")}, {c.A("gamma")}, {c.A("runningMean")}, {c.A("runningVar")}, {t}, {c.A("training")}{(c.Has("eps") ? ", eps: " + c.A("eps") : "")})"
                : null,
            c => $"{O}.BatchNorm2d(x: {c.A("x")}, gamma: {c.A("gamma")}, beta: {c.A("beta")}, runningMean: {c.A("runningMean")}, runningVar: {c.A("runningVar")}, " +
                 $"training: {c.A("training")}, momentum: {(c.Update == "true" ? (c.Has("momentum") ? c.A("momentum") : "0.1") : $"({c.Update} ? {(c.Has("momentum") ? c.A("momentum") : "0.1")} : 0.0)")}" +
                 $"{(c.Has("eps") ? ", eps: " + c.A("eps") : "")})");

        // u = v: a second handle on the same storage (disposing one leaves the other valid).
        yield return new(AliasOp, new[] { "x" },
            (c, v) => One("x", $"var {v} = {c.DY}.Reshape({c.DY}.ShapeArray);"),
            c => c.Tangent(c.A("x")) is string t ? $"({t} is null ? null : {t}.Reshape({t}.ShapeArray))" : null,
            c => $"{c.A("x")}.Reshape({c.A("x")}.ShapeArray)",
            Internal: true);

        yield return new(ConstantOp, Array.Empty<string>(),
            (c, v) => new TensorBackward("", new Dictionary<string, string>()),
            c => null,
            c => c.A("value"),
            Internal: true);

        // Losses: the adjoint of the scalar loss enters as a number.
        yield return new("CrossEntropy", new[] { "logits" },
            (c, v) => One("logits", $"var {v} = {O}.CrossEntropyBackward({c.A("logits")}, {c.A("labels")}, {c.DY}.Item());"),
            c => IfTangent(c, "logits", t => $"{O}.CrossEntropyJvp({c.A("logits")}, {c.A("labels")}, {t})"));
        yield return new("Mse", new[] { "a", "b" },
            (c, v) => Tuple($"var {v} = {O}.MseBackward({c.A("a")}, {c.A("b")}, {c.DY}.Item());", ("a", "Da"), ("b", "Db")),
            c => Tangents(c, "a", "b") is { } t ? $"{O}.MseJvp({c.A("a")}, {c.A("b")}, {t})" : null);
    }

    /// <summary>The nullable tangent arguments of a multi-input JVP, or null when every one is absent.</summary>
    private static string? Tangents(TensorOpContext c, params string[] parameters)
    {
        var ts = parameters.Select(p => c.Args.TryGetValue(p, out string? a) && a != "null" ? c.Tangent(a) : null).ToList();
        return ts.All(t => t is null) ? null : string.Join(", ", ts.Select(t => t ?? "null"));
    }
}
