using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using SourceAD.Generators.Registry;

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

    public bool Has(string name) => Args.TryGetValue(name, out string? v) && v != "null";
}

/// <summary>A backward rule call: the lines to emit and, per differentiable parameter, the expression of its adjoint.</summary>
internal sealed record TensorBackward(string Call, IReadOnlyDictionary<string, string> Adjoints);

/// <summary>
/// One tensor op as the generator knows it: its differentiable tensor parameters, and how to call its backward rule
/// (<c>Ops.XBackward</c>) and forward rule (<c>Ops.XJvp</c>). Every public row is read from the op registry
/// (<c>src/SourceAD/Tensors/Registry</c>, linked into this assembly), whose rows the runtime's <c>OpTable</c> binds too.
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

    private static IEnumerable<TensorOp> Build()
    {
        foreach (OpSpec spec in OpSpecs.All)
        {
            OpSpec s = spec;
            yield return new(s.Name, s.Differentiable, (c, v) => Backward(s, c, v), c => Jvp(s, c), s.Statistics is null ? null : c => PrimalWithStatistics(s, c));
        }

        // u = v: a second handle on the same storage (disposing one leaves the other valid).
        yield return new(AliasOp, new[] { "x" },
            (c, v) => new TensorBackward($"var {v} = {c.DY}.Reshape({c.DY}.ShapeArray);", new Dictionary<string, string> { ["x"] = "{0}" }),
            c => c.Tangent(c.A("x")) is string t ? $"({t} is null ? null : {t}.Reshape({t}.ShapeArray))" : null,
            c => $"{c.A("x")}.Reshape({c.A("x")}.ShapeArray)",
            Internal: true);

        yield return new(ConstantOp, Array.Empty<string>(),
            (c, v) => new TensorBackward("", new Dictionary<string, string>()),
            c => null,
            c => c.A("value"),
            Internal: true);
    }

    /// <summary>The backward call of a registry row: the cheaper one when the first input needs no adjoint (a first layer's data).</summary>
    private static TensorBackward Backward(OpSpec spec, TensorOpContext c, string v)
    {
        RuleBinding rule = spec.BackwardWithoutFirstInput is { } without && !c.Active(Input(c, spec.Inputs[0])) ? without : spec.Backward;
        string call = $"var {v} = {TensorOp.Ops}.{rule.Method}({string.Join(", ", rule.Args.Select(a => Argument(spec, c, a)))});";
        var adjoints = new Dictionary<string, string>();
        if (rule.Results is null) adjoints[spec.Differentiable[0]] = "{0}";
        else
        {
            foreach (string item in rule.Results)
            {
                int colon = item.IndexOf(':');
                string input = item.Substring(0, colon);
                // An optional input's adjoint is a nullable tuple item (the rule returns null when it was not given).
                bool optional = rule.Args.Contains(Token.Has + input);
                adjoints[input] = "{0}." + item.Substring(colon + 1) + (optional ? "!" : "");
            }
        }
        return new TensorBackward(call, adjoints);
    }

    /// <summary>
    /// The forward call of a registry row, or null when no input it reads has a tangent. An input whose tangent the rule
    /// needs (<c>$t!:</c>) makes it null-in, null-out; otherwise the nullable tangents are passed as they are.
    /// </summary>
    private static string? Jvp(OpSpec spec, TensorOpContext c)
    {
        RuleBinding rule = spec.Jvp;
        string call = $"{TensorOp.Ops}.{rule.Method}({string.Join(", ", rule.Args.Select(a => Argument(spec, c, a)))})";
        var needed = rule.Args.Where(a => a.StartsWith(Token.NeedTangent, StringComparison.Ordinal))
            .Select(a => Tangent(c, a.Substring(Token.NeedTangent.Length))).ToList();
        if (needed.Count > 0)
        {
            if (needed.Any(t => t is null)) return null;
            return needed.Aggregate(call, (inner, t) => $"({t} is null ? null : {inner})");
        }
        bool any = rule.Args.Any(a => a.StartsWith(Token.Tangent, StringComparison.Ordinal) && Tangent(c, a.Substring(Token.Tangent.Length)) is not null);
        return any ? call : null;
    }

    /// <summary>
    /// The primal of a row that moves running statistics: as the user wrote it, but with the statistics attribute 0 when
    /// the primal runs again inside a caller's reverse sweep, so that the statistics move once per step.
    /// </summary>
    private static string PrimalWithStatistics(OpSpec spec, TensorOpContext c)
    {
        string value = Attribute(spec, c, spec.Statistics!);
        string statistics = c.Update == "true" ? value : $"({c.Update} ? {value} : 0.0)";
        var args = c.Args.Where(kv => kv.Key != spec.Statistics).Select(kv => $"{kv.Key}: {kv.Value}")
            .Concat(new[] { $"{spec.Statistics}: {statistics}" });
        return $"{TensorOp.Ops}.{spec.Name}({string.Join(", ", args)})";
    }

    /// <summary>One argument of a rule call, printed from its token.</summary>
    private static string Argument(OpSpec spec, TensorOpContext c, string token)
    {
        switch (token)
        {
            case Token.Y: return c.Y;
            case Token.DY: return c.DY;
            case Token.DYItem: return c.DY + ".Item()";
            case Token.Policy: return c.Policy;
        }
        if (token.StartsWith(Token.NeedTangent, StringComparison.Ordinal)) return NeededTangent(c, token.Substring(Token.NeedTangent.Length));
        if (token.StartsWith(Token.Tangent, StringComparison.Ordinal)) return Tangent(c, token.Substring(Token.Tangent.Length)) ?? "null";
        if (token.StartsWith(Token.Has, StringComparison.Ordinal)) return c.Has(token.Substring(Token.Has.Length)) ? "true" : "false";
        if (token.StartsWith(Token.Literal, StringComparison.Ordinal)) return token.Substring(Token.Literal.Length);
        if (Array.IndexOf(spec.Inputs, token) >= 0) return Input(c, token);
        return Attribute(spec, c, token);
    }

    /// <summary>
    /// A tangent the rule needs; the call runs only under the guard that it is not null (see <see cref="Jvp"/>). A
    /// parameter's tangent read by conditional access (<c>direction?.W</c>, or <c>direction.W?[l]</c> for an element of
    /// a [Parameter] Tensor[]) is not null-tracked by the compiler after that guard, so it gets a <c>!</c> (a parameter
    /// passed straight into Relu, Sum or Embedding warned CS8604).
    /// </summary>
    private static string NeededTangent(TensorOpContext c, string input)
    {
        string? t = Tangent(c, input);
        return t is null ? "null" : t.Contains("?.") || t.Contains("?[") ? t + "!" : t;
    }

    private static string Input(TensorOpContext c, string input) => c.Args.TryGetValue(input, out string? text) ? text : "null";

    private static string? Tangent(TensorOpContext c, string input) => c.Has(input) ? c.Tangent(c.A(input)) : null;

    /// <summary>An attribute as the user passed it, or the registry's default.</summary>
    private static string Attribute(OpSpec spec, TensorOpContext c, string name)
    {
        if (c.Args.TryGetValue(name, out string? text)) return text;
        OpAttributeSpec? attribute = spec.Attributes.FirstOrDefault(a => a.Name == name);
        return attribute is null || attribute.Required ? "default" : Literal(attribute.Default);
    }

    private static string Literal(object? value) => value switch
    {
        null => "null",
        bool b => b ? "true" : "false",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        int i => i.ToString(CultureInfo.InvariantCulture),
        _ => throw new InvalidOperationException("Registry defaults are null, bool, int or double."),
    };
}
