// Linked into the generator (netstandard2.0) as well as compiled here: the generator writes derivative calls from these
// specs and the runtime builds its op table (delegates, costs) from the same rows (see README.md in this folder).
// Keep it free of runtime-only types: names and constants only.
#if SOURCEAD_GENERATOR
namespace SourceAD.Generators.Registry;
#else
namespace SourceAD.Tensors;
#endif

/// <summary>How an op behaves at points where it is not differentiable (thesis ch. 3).</summary>
public enum NonsmoothKind
{
    /// <summary>Differentiable everywhere it is defined.</summary>
    None,
    /// <summary>A kink at 0; the derivative there is <c>DerivativePolicy.ReluAtZero</c>.</summary>
    ReluLike,
    /// <summary>A max (or min) over a set; ties share the derivative by a <c>TieChoice</c>.</summary>
    MaxLike,
    /// <summary>A kink at 0 between slopes −1 and 1; the derivative there is <c>DerivativePolicy.AbsAtZero</c>.</summary>
    AbsLike,
    /// <summary>
    /// Kinks where the op takes torch's one-sided derivative, which no policy field moves: clamp at its bounds (1, the
    /// inside), ELU at 0 (α, the left side; smooth for α = 1).
    /// </summary>
    OneSided,
}

/// <summary>How an op's flops grow with its inputs; the per-element factors are the spec's <see cref="OpCostSpec"/>.</summary>
public enum CostModel
{
    /// <summary>No arithmetic: a view, or a copy that only moves elements (a permutation).</summary>
    Free,
    /// <summary>Factors × the elements of the first input.</summary>
    PerElement,
    /// <summary>Factors × the elements of the broadcast shape of the first two inputs.</summary>
    Broadcast,
    /// <summary>Factors × the GEMM's 2·m·k·n (times the batch).</summary>
    MatMul,
    /// <summary>x·Wᵀ + b: the GEMM's 2·rows·in·out plus the bias, backward 2 GEMMs plus the bias sum.</summary>
    Linear,
    /// <summary>The convolution's GEMM plus the bias, as <see cref="Linear"/>.</summary>
    Conv2d,
    /// <summary>The 1-D convolution's GEMM plus the bias, as <see cref="Conv2d"/>.</summary>
    Conv1d,
    /// <summary>Max pooling: a window scan per output; the rules rescan and share.</summary>
    MaxPool,
    /// <summary>Average pooling: kernel² per output for the primal and each rule.</summary>
    AvgPool,
    /// <summary>Attention's GEMMs (q·kᵀ and P·v, the rules' four more) plus the softmax over the T × S scores.</summary>
    Attention,
    /// <summary>Factors × the gathered elements (indices × row length): a row copy each, the backward rule's adds.</summary>
    Gather,
}

/// <summary>Flops per unit of an op's <see cref="CostModel"/>: the primal, the backward rule and the forward rule.</summary>
public sealed class OpCostSpec
{
    /// <summary>A cost of <paramref name="model"/> with these factors.</summary>
    public OpCostSpec(CostModel model, int primal = 1, int backward = 1, int jvp = 1)
    {
        Model = model;
        Primal = primal;
        Backward = backward;
        Jvp = jvp;
    }

    /// <summary>How the cost grows.</summary>
    public CostModel Model { get; }
    /// <summary>Primal factor.</summary>
    public int Primal { get; }
    /// <summary>Backward factor.</summary>
    public int Backward { get; }
    /// <summary>Forward-rule factor.</summary>
    public int Jvp { get; }
}

/// <summary>A non-tensor parameter of an op's primal: its name (the <c>Ops</c> parameter's) and its default.</summary>
public sealed class OpAttributeSpec
{
    /// <summary>An attribute the caller must pass.</summary>
    public OpAttributeSpec(string name)
    {
        Name = name;
        Required = true;
    }

    /// <summary>An attribute with a default (a double, int, bool or null).</summary>
    public OpAttributeSpec(string name, object? defaultValue)
    {
        Name = name;
        Default = defaultValue;
    }

    /// <summary>The primal's parameter name.</summary>
    public string Name { get; }
    /// <summary>The value when the caller leaves it out.</summary>
    public object? Default { get; }
    /// <summary>No default: every call passes it.</summary>
    public bool Required { get; }
}

/// <summary>
/// A call of one <c>Ops</c> method (a backward or forward rule), its arguments as tokens (see <see cref="Token"/>),
/// and, for a tuple result, which input each item is the adjoint of.
/// </summary>
public sealed class RuleBinding
{
    /// <summary>A rule <paramref name="method"/> called with <paramref name="args"/>; <paramref name="results"/> names
    /// "input:Item" per tuple item, in order (null: one tensor, the adjoint of the only differentiable input).</summary>
    public RuleBinding(string method, string[] args, string[]? results = null)
    {
        Method = method;
        Args = args;
        Results = results;
    }

    /// <summary>The <c>Ops</c> method.</summary>
    public string Method { get; }
    /// <summary>The arguments, positionally, as tokens.</summary>
    public string[] Args { get; }
    /// <summary>"input:Item" for each item of a tuple result, or null for a single tensor.</summary>
    public string[]? Results { get; }
}

/// <summary>The argument tokens of a <see cref="RuleBinding"/>; any other token is an input's or an attribute's name.</summary>
public static class Token
{
    /// <summary>The primal's output.</summary>
    public const string Y = "$y";
    /// <summary>The output's adjoint.</summary>
    public const string DY = "$dy";
    /// <summary>The (scalar) output's adjoint as a number.</summary>
    public const string DYItem = "$dy.Item";
    /// <summary>The nonsmooth derivative policy.</summary>
    public const string Policy = "$policy";
    /// <summary>Prefix: the tangent of an input, null when it has none.</summary>
    public const string Tangent = "$t:";
    /// <summary>Prefix: the tangent of an input that must have one (no tangent in, no tangent out).</summary>
    public const string NeedTangent = "$t!:";
    /// <summary>Prefix: whether an optional input was given (true/false).</summary>
    public const string Has = "$has:";
    /// <summary>Prefix: a constant written as C# (an enum member, fully qualified from global::).</summary>
    public const string Literal = "$lit:";
}

/// <summary>
/// One tensor op: everything the generator and the runtime know about it. The primal is <c>Ops.Name(inputs…, attributes…)</c>
/// with exactly these parameter names in this order (a test checks it against <c>Ops</c>).
/// </summary>
public sealed class OpSpec
{
    /// <summary>A row; see the properties.</summary>
    public OpSpec(string name, string[] inputs, string[] differentiable, OpAttributeSpec[] attributes, NonsmoothKind nonsmooth,
        RuleBinding backward, RuleBinding jvp, OpCostSpec cost, RuleBinding? backwardWithoutFirstInput = null, string? statistics = null)
    {
        Name = name;
        Inputs = inputs;
        Differentiable = differentiable;
        Attributes = attributes;
        Nonsmooth = nonsmooth;
        Backward = backward;
        Jvp = jvp;
        Cost = cost;
        BackwardWithoutFirstInput = backwardWithoutFirstInput;
        Statistics = statistics;
    }

    /// <summary>The <c>Ops</c> method of the primal.</summary>
    public string Name { get; }
    /// <summary>The primal's tensor parameters, in order (optional ones, like a bias, may be null).</summary>
    public string[] Inputs { get; }
    /// <summary>The inputs that get adjoints and tangents (not running statistics).</summary>
    public string[] Differentiable { get; }
    /// <summary>The primal's non-tensor parameters after the inputs, in order, with their defaults.</summary>
    public OpAttributeSpec[] Attributes { get; }
    /// <summary>Its nonsmooth kind.</summary>
    public NonsmoothKind Nonsmooth { get; }
    /// <summary>The backward rule: input adjoints from the output's adjoint.</summary>
    public RuleBinding Backward { get; }
    /// <summary>The forward rule: the output's tangent from the inputs' tangents.</summary>
    public RuleBinding Jvp { get; }
    /// <summary>Its flops.</summary>
    public OpCostSpec Cost { get; }
    /// <summary>A cheaper backward rule for when the first input needs no adjoint (a first layer's data), or null.</summary>
    public RuleBinding? BackwardWithoutFirstInput { get; }
    /// <summary>The attribute that moves running statistics (0 leaves them unchanged), or null.</summary>
    public string? Statistics { get; }
}
