using System.Collections.Generic;
using System.Linq;
using SourceAD.Generators.Analyses;
using SourceAD.Generators.IR;
using SourceAD.Generators.Model;
using SourceAD.Generators.Printing;

namespace SourceAD.Generators.Transforms;

/// <summary>
/// What both transforms share for one method: facts, activity, derivative variable names (<c>d</c> + the user's
/// name, so generated code reads like the user's), fresh temporaries, and per-statement linearization with
/// common-subexpression elimination.
/// </summary>
internal sealed class DerivativeContext
{
    private readonly Dictionary<string, string> _derivativeNames = new();
    private readonly NameScope _names;

    public DerivativeContext(MethodModel model)
    {
        Analysis = new MethodAnalysis(model);
        _names = new NameScope(model.Params.Select(p => p.Name).Concat(model.Locals.Select(l => l.Name)));
        // Parameters first: their derivative names are public API (da, db, …), then the seeds.
        foreach (Param p in model.Params) DerivativeName(p.Name);
        Seed = _names.Reserve("seed");
        foreach (Param p in model.Params.Where(p => p.Kind == ParamKind.RealSpanOutput))
        {
            _seedSpans[p.Name] = _names.Reserve("seed" + char.ToUpperInvariant(p.Name[0]) + p.Name.Substring(1));
        }
        foreach (Param p in model.Params.Where(p => p.InOut)) _entryAdjoints[p.Name] = _names.Reserve("d" + p.Name + "In");
        Printer = new ExprPrinter();
    }

    /// <summary>The method's shared analyses (facts, activity), which the record-or-recompute analysis reads too.</summary>
    public MethodAnalysis Analysis { get; }
    public MethodModel Model => Analysis.Model;
    public VariableFacts Facts => Analysis.Facts;
    public Activity Activity => Analysis.Activity;
    public ExprPrinter Printer { get; }
    public PolicyModel Policy => Analysis.Policy;
    public string T => Model.RealType;

    /// <summary>The adjoint (reverse) or tangent (forward) variable of <paramref name="name"/>.</summary>
    public string DerivativeName(string name)
    {
        if (_derivativeNames.TryGetValue(name, out string? d)) return d;
        d = _names.Reserve("d" + name);
        _derivativeNames[name] = d;
        return d;
    }

    /// <summary>
    /// From here on, the derivative of <paramref name="name"/> is the local <paramref name="local"/> (a parameter's
    /// tangent copied into a writable array).
    /// </summary>
    public void Rebind(string name, string local) => _derivativeNames[name] = local;

    private readonly Dictionary<string, string> _promoted = new();

    /// <summary>Until <see cref="Unpromote"/>, the adjoint of every element of <paramref name="array"/> is the local <paramref name="local"/>.</summary>
    public void Promote(string array, string local) => _promoted[array] = local;

    public void Unpromote(string array) => _promoted.Remove(array);

    /// <summary>Whether the adjoint of an element of <paramref name="array"/> is held in a local by an enclosing loop.</summary>
    public bool IsPromoted(string array) => _promoted.ContainsKey(array);

    /// <summary>The pullback's seed parameter: <c>seed</c> unless the user took it.</summary>
    public string Seed { get; }

    private readonly Dictionary<string, string> _seedSpans = new();

    /// <summary>The seed span of a vector output <paramref name="output"/>: <c>seedY</c> for <c>y</c>, unless the user took it.</summary>
    public string SeedSpan(string output) => _seedSpans[output];

    private readonly Dictionary<string, string> _entryAdjoints = new();

    /// <summary>
    /// The pullback parameter that receives the adjoint of an in-out output's contents on entry (<c>dyIn</c> for
    /// <c>y</c>; see <see cref="Param.InOut"/>).
    /// </summary>
    public string EntryAdjoint(string output) => _entryAdjoints[output];

    /// <summary>
    /// The entry check of an output that the method writes fully only when its length is <see cref="Param.LengthCheck"/>:
    /// with a longer output the derivative code would have to keep the derivatives of entries the method leaves alone.
    /// </summary>
    public static string WrittenLengthCheck(MethodModel m, Param p) =>
        $"global::SourceAD.Runtime.Shapes.RequireWrittenLength({p.Name}.Length, {p.LengthCheck}, \"{p.Name}\", \"{p.LengthCheck}\", \"{m.Name}\");";

    /// <summary>A fresh generated name echoing <paramref name="hint"/>.</summary>
    public string Fresh(string hint) => _names.Fresh(hint);

    /// <summary>A generated name that is <paramref name="preferred"/> when free.</summary>
    public string Reserve(string preferred) => _names.Reserve(preferred);

    public string Print(Expr e) => Printer.Print(e);

    /// <summary>The derivative location of a leaf: <c>dx</c> or <c>da[i]</c>.</summary>
    public string DerivativeOf(Expr leaf) => leaf switch
    {
        Ref r => DerivativeName(r.Name),
        // A promoted adjoint element is the local that holds it for the loop (PullbackEmitter.Promotion.cs); every
        // mention of that array in the loop has the same loop-invariant index, so the index need not be compared.
        Elem el when _promoted.TryGetValue(el.Array, out string? local) => local,
        Elem el => Print(el with { Array = DerivativeName(el.Array) }),
        _ => throw new System.InvalidOperationException("Not a leaf: " + leaf),
    };

    /// <summary>
    /// Replaces subexpressions that occur more than once among the unguarded <paramref name="terms"/> (coefficients and
    /// adjoint indices) by temporaries declared on <paramref name="w"/>, so e.g. tanh'(x) = 1 − tanh(x)² evaluates tanh
    /// once and <c>dl[idx] += s·x; dx += s·l[idx]</c> computes <c>idx</c> once. <paramref name="known"/> maps
    /// subexpressions to variables already holding them (values cached by the forward sweep).
    /// </summary>
    public List<Term> Share(IReadOnlyList<Term> terms, CodeWriter w, IReadOnlyDictionary<Expr, Expr>? known = null)
    {
        // Guarded terms only reuse temporaries: hoisting their subexpressions would evaluate what C# skips.
        var counts = new Dictionary<Expr, int>();
        var anywhere = new Dictionary<Expr, int>();
        foreach (Term t in terms.Where(t => t.Guard is null))
        {
            CountNodes(t.Coefficient, counts);
            CountEverywhere(t.Coefficient, anywhere);
            if (t.Leaf is Elem el) foreach (Expr index in Ir.Children(el)) CountNodes(index, counts);
        }
        var temps = known is null ? new Dictionary<Expr, Expr>() : new Dictionary<Expr, Expr>(known.ToDictionary(kv => kv.Key, kv => kv.Value));
        Expr Subst(Expr e)
        {
            if (temps.TryGetValue(e, out Expr? t)) return t;
            Expr rebuilt = Ir.MapChildren(e, Subst);
            // Shared when evaluated unconditionally more than once, or unconditionally once and again inside a ?: branch
            // (Clamp's selector tests Max(x, lo) in its condition and in nested ones): hoisting then evaluates nothing
            // C# would skip.
            bool repeated = counts.TryGetValue(e, out int n) && (n > 1 || n == 1 && anywhere.TryGetValue(e, out int m) && m > 1);
            if (repeated && (e is Bin or Prim or Un or Conv || e is Cond && !Ir.Contains<Opaque>(e)) && (e.Type.IsReal || e.Type.Kind == IrTypeKind.Int))
            {
                string name = Fresh(e.Type.Kind == IrTypeKind.Int ? "index" : "t");
                w.Line($"var {name} = {Print(rebuilt)};");
                Expr r = new Ref(e.Type, name);
                temps[e] = r;
                return r;
            }
            return rebuilt;
        }
        return terms.Select(t => t with { Leaf = Subst(t.Leaf), Coefficient = Subst(t.Coefficient) }).ToList();
    }

    /// <summary>Replaces every occurrence of the map's keys in <paramref name="e"/>.</summary>
    public static Expr Replace(Expr e, IReadOnlyDictionary<Expr, Expr> map) =>
        Ir.Replace(e, n => map.TryGetValue(n, out Expr? r) ? r : null);

    /// <summary>Every occurrence of every subexpression, in branches of ?: too.</summary>
    private static void CountEverywhere(Expr e, Dictionary<Expr, int> counts)
    {
        if (e is Lit or Ref or Opaque or Len) return;
        counts[e] = counts.TryGetValue(e, out int n) ? n + 1 : 1;
        foreach (Expr child in Ir.Children(e)) CountEverywhere(child, counts);
    }

    private static void CountNodes(Expr e, Dictionary<Expr, int> counts)
    {
        if (e is Lit or Ref or Opaque or Len) return;
        counts[e] = counts.TryGetValue(e, out int n) ? n + 1 : 1;
        if (n > 0) return;
        // Only the condition of ?: is shared: hoisting out of a branch would evaluate what C# skips.
        foreach (Expr child in e is Cond c ? new[] { c.C } : Ir.Children(e)) CountNodes(child, counts);
    }

    /// <summary><c>seed·coef</c> converted to the leaf's type.</summary>
    public Expr Scaled(Expr seed, Expr coef, IrType leafType) => E.To(leafType, E.Mul(E.To(coef.Type, seed), coef));

    /// <summary><see cref="MethodAnalysis.KnownOutput"/>.</summary>
    public Expr? KnownOutput(Assign a) => Analysis.KnownOutput(a);

    /// <summary>
    /// The checks, before a vector call, that its output slices do not overlap its input slices of the same array
    /// (<see cref="IR.CallStmt.SharedArrayPairs"/>, GradBench ht's relatives_to_absolutes): an ArgumentException naming
    /// both ranges, since the callee's derivatives take its inputs as they were before the call.
    /// </summary>
    public IEnumerable<string> DisjointChecks(IR.CallStmt c) => c.SharedArrayPairs.Select(pair =>
    {
        var (o, i) = ((IR.Slice)c.Call.Args[pair.Output], (IR.Slice)c.Call.Args[pair.Input]);
        var ps = c.Call.Target.Params;
        return $"global::SourceAD.Runtime.Shapes.RequireDisjoint(\"{o.Array}\", {Print(o.Start)}, {Print(o.Length)}, {Print(i.Start)}, {Print(i.Length)}, " +
               $"\"{ps[pair.Output].Name}\", \"{ps[pair.Input].Name}\", \"{c.Call.Target.Method}\");";
    });

    /// <summary>The length of an array argument: the variable's, or the slice's.</summary>
    public string LengthOf(Expr arg) => arg is Slice s ? Print(s.Length) : $"{IR.CallStmt.ArrayOf(arg)}.Length";

    /// <summary>
    /// The derivative of an array argument as a span of exactly its length. <paramref name="derivativeIsArray"/>: the
    /// derivative variable is a (rented, possibly longer) <c>T[]</c> rather than a span parameter.
    /// </summary>
    public string DerivativeView(Expr arg, bool derivativeIsArray)
    {
        string array = IR.CallStmt.ArrayOf(arg), d = DerivativeName(array), et = Facts.Types[array];
        string start = arg is Slice s ? Print(s.Start) : "0", length = LengthOf(arg);
        return derivativeIsArray ? $"new global::System.Span<{et}>({d}, {start}, {length})" : $"{d}.Slice({start}, {length})";
    }

    /// <summary>
    /// The C# text of <paramref name="na"/>'s allocation into <paramref name="array"/> (the variable or its derivative):
    /// <c>a = new T[n]</c>, <c>a = new T[n, m]</c>, <c>a = new T[n][]</c> or a jagged row <c>a[i] = new T[m]</c>.
    /// </summary>
    public string Allocation(NewArray na, string array) =>
        $"{AllocationTarget(na, array)} = new {na.ElementType}[{string.Join(", ", new[] { na.Length }.Concat(na.More).Select(Print))}]{(na.Jagged ? "[]" : "")};";

    /// <summary>The variable, or the jagged row, that <paramref name="na"/> allocates.</summary>
    public string AllocationTarget(NewArray na, string array) => na.Row is null ? array : $"{array}[{Print(na.Row)}]";

    /// <summary>The C# type of what <paramref name="na"/> allocates (the array variable's type, or a row's <c>T[]</c>).</summary>
    public string AllocationType(NewArray na) =>
        na.Row is not null || na.More.Count == 0 && !na.Jagged ? na.ElementType + "[]" : na.Jagged ? na.ElementType + "[][]" : $"{na.ElementType}[{new string(',', na.More.Count)}]";

    /// <summary>
    /// Whether the derivative of what <paramref name="na"/> allocates is rented from the pool (and returned once, in the
    /// method's <c>finally</c>) rather than allocated: only for a flat array allocated by this one statement, outside
    /// loops, and bound to no other name. Any other would be rented into one variable more than once, and returned once
    /// (a leak) or twice: the pool then hands one array to two renters, and one thread's derivatives overwrite
    /// another's (<c>ReallocatedArrayTests</c> corrupted an unrelated test running beside it).
    /// </summary>
    public bool RentsDerivative(NewArray na, bool inLoop) =>
        !inLoop && na.Row is null && na.More.Count == 0 && !na.Jagged && Facts.AliasesOf(na.Name).Count == 1 && AllocationCount(na.Name) == 1;

    /// <summary>How many statements of the method allocate <paramref name="array"/> (or rows of it).</summary>
    public int AllocationCount(string array) =>
        (_allocationCounts ??= Ir.Descendants(Model.Body).OfType<NewArray>().GroupBy(n => n.Name).ToDictionary(g => g.Key, g => g.Count()))
        .TryGetValue(array, out int count) ? count : 0;

    private Dictionary<string, int>? _allocationCounts;

    /// <summary>
    /// The derivative of what <paramref name="na"/> allocated, as a fresh zero array of exactly its shape: sized from the
    /// primal just allocated, so the length expressions are not evaluated twice.
    /// </summary>
    public string DerivativeAllocation(NewArray na, string array, string derivative)
    {
        string target = AllocationTarget(na, array);
        string lengths = na.More.Count == 0 ? $"{target}.Length" : string.Join(", ", Enumerable.Range(0, na.More.Count + 1).Select(d => $"{target}.GetLength({d})"));
        return $"{AllocationTarget(na, derivative)} = new {na.ElementType}[{lengths}]{(na.Jagged ? "[]" : "")};";
    }

    /// <summary>A zero array of the same shape as the rectangular or jagged array <paramref name="array"/> (<c>SourceAD.Runtime.NestedArrays</c>).</summary>
    public static string ZerosLike(string array) => $"global::SourceAD.Runtime.NestedArrays.ZerosLike({array})";

    public static bool IsArrayParam(Param p) => p.Kind is ParamKind.RealArray or ParamKind.RealReadOnlySpan or ParamKind.RealSpanOutput;
}
