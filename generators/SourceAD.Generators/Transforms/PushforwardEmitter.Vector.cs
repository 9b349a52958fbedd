using System;
using System.Collections.Generic;
using System.Linq;
using SourceAD.Generators.Analyses;
using SourceAD.Generators.IR;
using SourceAD.Generators.Model;
using SourceAD.Generators.Printing;

namespace SourceAD.Generators.Transforms;

/// <summary>
/// Vector mode: <c>{Method}PushforwardVector</c> pushes p tangent directions through one sweep. The primal runs once;
/// each active assignment linearizes once (<see cref="Linearize.Terms"/> and <see cref="DerivativeContext.Share"/>, as
/// in scalar mode), its partials are hoisted into temporaries, and a loop over the directions applies them: the tangent
/// of direction k is the scalar pushforward's sum of the same terms in the same order, so it equals the scalar
/// pushforward seeded with that direction bit for bit. A scalar's tangent is a pooled buffer of p entries; an array's
/// n·p, entry i of direction k at [i·p + k] (the n × p seed matrix S of J·S, row-major). Where this mode does not reach
/// (<see cref="_fallback"/>), the member keeps its signature and runs the scalar pushforward once per direction.
/// </summary>
internal sealed partial class PushforwardEmitter
{
    private readonly IReadOnlyCollection<string> _vectorCallees = Array.Empty<string>();

    /// <summary>The number of directions (the vector member's <c>int directions</c>); null in scalar mode.</summary>
    private readonly string? _p;

    /// <summary>The direction loops' variable.</summary>
    private readonly string _k = "";

    /// <summary>A scalar method's output tangents, one per direction.</summary>
    private readonly string _tangents = "";

    /// <summary>The tangent variables that are spans (array parameters' seeds and tangents, the value's tangents); locals' are arrays.</summary>
    private readonly HashSet<string> _spanTangents = new();

    /// <summary>Why the vector member runs scalar pushforwards instead (a construct this mode does not handle); null when it does not.</summary>
    private readonly string? _fallback;

    /// <summary>The vector pushforward.</summary>
    /// <param name="context">The method's derivative context.</param>
    /// <param name="vectorCallees">Keys of the callees that have a vector member (<see cref="HasVectorMember"/>).</param>
    public PushforwardEmitter(DerivativeContext context, IReadOnlyCollection<string> vectorCallees) : this(context)
    {
        _vectorCallees = vectorCallees;
        _p = context.Reserve("directions");
        _k = context.Reserve("k");
        if (M.ReturnType != "void") _tangents = context.Reserve("tangents");
        _spanTangents.Add(_tangents);
        foreach (Param p in M.Params.Where(p => p.Differentiable && p.Kind != ParamKind.Real && !p.Edited)) _spanTangents.Add(context.DerivativeName(p.Name));
        _fallback = FallbackReason();
    }

    private bool Vector => _p is not null;

    /// <summary>Whether the vector member runs the scalar pushforward once per direction.</summary>
    public bool FallsBack => _fallback is not null;

    /// <summary><c> * directions</c> in vector mode: an array tangent holds p entries per element.</summary>
    private string PerDirection => Vector ? $" * {_p}" : "";

    /// <summary>
    /// Whether <paramref name="m"/> gets <c>{Method}PushforwardVector</c>: not for rectangular or jagged differentiable
    /// parameters (a seed matrix per such array has no layout yet) nor for methods with a surface of the user's types
    /// (structs, lists), whose public pushforward forwards to a flat core.
    /// </summary>
    public static bool HasVectorMember(MethodModel m) =>
        m.Surface.Count == 0 && !m.Params.Any(p => p.Differentiable && p.IsNested) && (m.ReturnType == "void" || m.ReturnType == m.RealType);

    private IEnumerable<string> VectorParameters()
    {
        yield return $"int {_p}";
        foreach (Param p in M.Params.Where(p => p.Differentiable && p.Kind != ParamKind.RealSpanOutput))
        {
            yield return $"global::System.ReadOnlySpan<{ScalarType(p)}> {_c.DerivativeName(p.Name)}";
        }
        foreach (Param p in M.Params.Where(p => p.Kind == ParamKind.RealSpanOutput))
        {
            yield return $"global::System.Span<{p.ElementType}> {_c.DerivativeName(p.Name)}";
        }
        if (M.ReturnType != "void") yield return $"global::System.Span<{M.RealType}> {_tangents}";
    }

    private static string ScalarType(Param p) => p.Kind == ParamKind.Real ? p.TypeText : p.ElementType;

    /// <summary>A construct the vector sweep does not handle, in words; null when it handles the whole method.</summary>
    private string? FallbackReason()
    {
        foreach (string name in _c.Activity.ActiveVariables.OrderBy(n => n, StringComparer.Ordinal))
        {
            if (_c.Facts.IsNested(name)) return $"the rectangular or jagged array '{name}' is active";
        }
        foreach (Stmt s in Ir.Descendants(M.Body))
        {
            Call? call = s switch
            {
                Assign { Value: Call c } a when _c.Activity.IsActive(a.Target is Elem el ? el.Array : ((Ref)a.Target).Name) => c,
                CallStmt c when c.Outputs.Any(o => _c.Activity.IsActive(CallStmt.ArrayOf(o))) => c.Call,
                _ => null,
            };
            if (call is null || VectorCallee(call.Target)) continue;
            // A callee without a vector member is called once per direction; that needs scalar arguments and value.
            if (s is CallStmt || call.Target.Params.Any(p => p.Differentiable && p.Kind != ParamKind.Real))
            {
                return $"'{call.Target.Method}' has no vector pushforward and takes arrays";
            }
        }
        return null;
    }

    /// <summary>A callee whose generated <c>{Method}PushforwardVector</c> exists.</summary>
    private bool VectorCallee(CallTarget t) =>
        t.Callee.Length > 0 && _vectorCallees.Contains(t.Callee) && !t.PushforwardReturnsTangentOnly && t.PushforwardName == t.Method + "Pushforward";

    /// <summary>Checks the directions and the seed lengths (n·p for an n-entry input or output, p for a scalar).</summary>
    private void EmitDirectionChecks(CodeWriter w)
    {
        w.Line($"{Runtime}.Shapes.RequireDirections({_p}, \"{_p}\");");
        foreach (Param p in M.Params.Where(p => p.Differentiable))
        {
            string d = _c.DerivativeName(p.Name);
            string length = p.Kind == ParamKind.Real ? "1" : p.Name + ".Length";
            w.Line($"{Runtime}.Shapes.RequireSeedLength({length}, {_p}, {d}.Length, \"{d}\", \"{p.Name}\");");
        }
        if (M.ReturnType != "void") w.Line($"{Runtime}.Shapes.RequireSeedLength(1, {_p}, {_tangents}.Length, \"{_tangents}\", \"{M.Name}\");");
        foreach (Param p in M.Params.Where(p => p.LengthCheck is not null)) w.Line(DerivativeContext.WrittenLengthCheck(M, p));
    }

    /// <summary>The vector sweep's entry: checks, cleared outputs, and writable copies of the tangents the body writes.</summary>
    private void EmitVectorEntry(CodeWriter w)
    {
        EmitDirectionChecks(w);
        // An in-out output's tangent holds, on entry, the tangents of its contents on entry (Param.InOut).
        foreach (Param p in M.Params.Where(p => p.Kind == ParamKind.RealSpanOutput && !p.InOut))
        {
            w.Line($"{_c.DerivativeName(p.Name)}.Slice(0, {p.Name}.Length * {_p}).Clear();");
        }
        // Scalar parameters' tangents become buffers (a parameter may be assigned); edited arrays' are copied as in scalar mode.
        foreach (Param p in M.Params.Where(p => p.Differentiable && (p.Kind == ParamKind.Real || p.Edited)))
        {
            string local = _c.Fresh(_c.DerivativeName(p.Name) + (p.Edited ? "Edited" : "Directions"));
            string length = p.Kind == ParamKind.Real ? _p! : $"{p.Name}.Length * {_p}";
            w.Line($"var {local} = {Runtime}.AdjointBuffer.Rent<{ScalarType(p)}>({length});");
            w.Line($"{_c.DerivativeName(p.Name)}.Slice(0, {length}).CopyTo({local});");
            _c.Rebind(p.Name, local);
            _rented.Add(local);
        }
    }

    /// <summary>
    /// The tangents of <paramref name="value"/> along every direction k into <paramref name="target"/>[offset + k]: the
    /// partials are computed once before the loop, and the loop sums the same terms as the scalar pushforward.
    /// </summary>
    private void EmitDirections(Expr value, Expr? known, IrType? type, (string Tangent, string Offset) target, CodeWriter w)
    {
        var markers = new Dictionary<Expr, (string Tangent, string Offset)>();
        Expr sum = Tangent(value, known, w, t =>
        {
            var at = LeafAt(t.Leaf, hoist: t.Guard is null, w);
            Expr marker = new Opaque(t.Leaf.Type, At(at));
            markers[marker] = at;
            return marker;
        });
        if (type is IrType to) sum = E.To(to, sum);
        sum = Hoist(sum, markers, w);
        if (!Simd(sum, markers))
        {
            w.Line($"for (int {_k} = 0; {_k} < {_p}; {_k}++) {At(target)} = {_c.Print(sum)};");
            return;
        }
        // Vector<T> lanes for as many directions as fill them, then one at a time: the same operations in the same
        // order per lane (no fused multiply-add), so the same bits as the scalar loop.
        string vector = $"global::System.Numerics.Vector<{M.RealType}>";
        w.Open("");
        w.Line($"int {_k} = 0;");
        w.Open($"if (global::System.Numerics.Vector.IsHardwareAccelerated && {_p} >= {vector}.Count)");
        var broadcasts = new Dictionary<string, string>();
        string Lanes(Expr e) => e switch
        {
            Opaque m => $"new {vector}({SpanAt(markers[m])})",
            Ref r => broadcasts.TryGetValue(r.Name, out string? b) ? b : broadcasts[r.Name] = Broadcast(r.Name),
            Lit => $"new {vector}({_c.Print(e)})",
            Un u => $"({Lanes(u.A)} * new {vector}({ExprPrinter.Literal(M.RealType, -1)}))",
            Bin b => $"({Lanes(b.A)} {Operators.Token(b.Op)} {Lanes(b.B)})",
            _ => throw new InvalidOperationException("Not a lane expression: " + e),
        };
        string Broadcast(string name)
        {
            string v = _c.Fresh("lanes");
            w.Line($"var {v} = new {vector}({name});");
            return v;
        }
        string lanes = Lanes(sum);
        w.Line($"for (; {_k} <= {_p} - {vector}.Count; {_k} += {vector}.Count) {lanes}.CopyTo({SpanAt(target)});");
        w.Close();
        w.Line($"for (; {_k} < {_p}; {_k}++) {At(target)} = {_c.Print(sum)};");
        w.Close();
    }

    /// <summary>Direction k's entry of a tangent: <c>d[k]</c>, <c>d[at + k]</c>.</summary>
    private string At((string Tangent, string Offset) at) => $"{at.Tangent}[{at.Offset}{_k}]";

    /// <summary>The entries from direction k on, as a span.</summary>
    private string SpanAt((string Tangent, string Offset) at) =>
        _spanTangents.Contains(at.Tangent) ? $"{at.Tangent}.Slice({at.Offset}{_k})" : $"global::System.MemoryExtensions.AsSpan({at.Tangent}, {at.Offset}{_k})";

    /// <summary>
    /// Whether the direction loop can run in <c>Vector&lt;T&gt;</c> lanes: a double or float method, and a sum of
    /// +, −, × and negation over leaf tangents, partials and literals of that type (no ?: guard, no conversion).
    /// </summary>
    private bool Simd(Expr sum, Dictionary<Expr, (string Tangent, string Offset)> markers)
    {
        if (M.RealType is not ("double" or "float")) return false;
        bool Lane(Expr e) => e.Type.Name == M.RealType && e switch
        {
            Opaque m => markers.ContainsKey(m),
            Ref or Lit => true,
            Un u => u.Op == UnaryOp.Negate && Lane(u.A),
            Bin b => b.Op is BinaryOp.Add or BinaryOp.Subtract or BinaryOp.Multiply && Lane(b.A) && Lane(b.B),
            _ => false,
        };
        return HasMarker(sum, markers) && Lane(sum);
    }

    /// <summary>
    /// Replaces each subexpression free of leaf tangents (a partial, a guard) by a temporary computed once before the
    /// direction loop. A temporary holds exactly the value the scalar sum computes in its place, so no rounding changes.
    /// Inside a branch of <c>?:</c> (a guarded term) the temporary is computed only when the branch is taken
    /// (<paramref name="when"/>, the guards that lead there), as C# evaluates only the branch taken.
    /// </summary>
    private Expr Hoist(Expr e, Dictionary<Expr, (string Tangent, string Offset)> markers, CodeWriter w, string? when = null)
    {
        if (!HasMarker(e, markers))
        {
            if (e is Lit or Ref or Opaque) return e;
            string t = _c.Fresh("partial");
            // default! : for a type parameter T the nullable analysis reads default as T?, and a branch not taken never reads it.
            w.Line(when is null ? $"var {t} = {_c.Print(e)};" : $"var {t} = {when} ? {_c.Print(e)} : default!;");
            return new Ref(e.Type, t);
        }
        if (e is Cond c)
        {
            Expr guard = Hoist(c.C, markers, w, when);
            string g = _c.Print(guard), taken = when is null ? g : $"{when} && {g}", skipped = when is null ? $"!{g}" : $"{when} && !{g}";
            return c with { C = guard, A = Hoist(c.A, markers, w, taken), B = Hoist(c.B, markers, w, skipped) };
        }
        return Ir.WithChildren(e, Ir.Children(e).Select(x => Hoist(x, markers, w, when)).ToList());
    }

    private static bool HasMarker(Expr e, Dictionary<Expr, (string Tangent, string Offset)> markers) => markers.ContainsKey(e) || Ir.Children(e).Any(x => HasMarker(x, markers));

    /// <summary>
    /// Where the tangents of <paramref name="leaf"/> are: <c>dx</c> from 0, or <c>da</c> from i·p, with i·p computed once
    /// before the loop (<paramref name="hoist"/>; not for a guarded term, whose index C# may not evaluate).
    /// </summary>
    private (string Tangent, string Offset) LeafAt(Expr leaf, bool hoist, CodeWriter w)
    {
        if (leaf is Ref r) return (_c.DerivativeName(r.Name), "");
        var el = (Elem)leaf;
        string d = _c.DerivativeName(el.Array), index = _c.Print(el.Index);
        if (!hoist) return (d, $"({index}) * {_p} + ");
        string at = _c.Fresh("at");
        w.Line($"var {at} = ({index}) * {_p};");
        return (d, at + " + ");
    }

    /// <summary>The tangent of <paramref name="leaf"/> along direction k (see <see cref="LeafAt"/>).</summary>
    private string LeafTangent(Expr leaf, bool hoist, CodeWriter w) => At(LeafAt(leaf, hoist, w));

    private void AssignDirections(Assign a, string target, CodeWriter w)
    {
        if (a.Value is Call call)
        {
            CallDirections(call, a.Target, target, w);
            return;
        }
        var at = LeafAt(a.Target, hoist: true, w);
        Expr? known = _c.KnownOutput(a);
        if (known is not null)
        {
            w.Line($"{target} = {_c.Print(a.Value)};");
            EmitDirections(a.Value, known, null, at, w);
            return;
        }
        // Each direction reads its old tangents before it writes its own; the partials are taken before the primal
        // overwrites what they read (x = x * y).
        EmitDirections(a.Value, null, a.Target.Type, at, w);
        w.Line($"{target} = {_c.Print(a.Value)};");
    }

    /// <summary>A scalar call: the callee's vector member, or else its scalar pushforward once per direction.</summary>
    private void CallDirections(Call call, Expr targetExpr, string target, CodeWriter w)
    {
        if (!VectorCallee(call.Target))
        {
            w.Line($"// '{call.Target.Method}' has no vector pushforward: its scalar derivative runs once per direction.");
            w.Line($"{target} = {_c.Print(call)};");
            w.Open($"for (int {_k} = 0; {_k} < {_p}; {_k}++)");
            CallPushforward(call, null, LeafTangent(targetExpr, hoist: false, w), w,
                t => new Opaque(t.Leaf.Type, LeafTangent(t.Leaf, hoist: false, w)));
            w.Close();
            return;
        }
        var scratch = new List<string>();
        var spans = TangentArguments(call, w, scratch);
        string output = targetExpr is Elem el
            ? DirectionView(el.Array, $"({_c.Print(el.Index)}) * {_p}", _p!)
            : $"new global::System.Span<{targetExpr.Type.Name}>({_c.DerivativeName(((Ref)targetExpr).Name)}, 0, {_p})";
        w.Line($"{target} = {VectorName(call)}({string.Join(", ", call.Args.Select(_c.Print).Concat(new[] { _p! }).Concat(spans).Concat(new[] { output }))});");
        foreach (string tmp in scratch) w.Line($"{Runtime}.AdjointBuffer.Return({tmp});");
    }

    private static string VectorName(Call call) =>
        $"{call.Target.PushforwardReceiver}.{call.Target.Method}PushforwardVector{call.Target.TypeArguments}";

    /// <summary>A scalar argument's p tangents: its own buffer, or the tangents of the expression in a pooled one.</summary>
    private string ScalarDirections(Expr arg, CodeWriter w, List<string> scratch)
    {
        string t = arg.Type.Name;
        if (arg is Ref r && _c.Activity.IsActive(r.Name)) return $"new global::System.ReadOnlySpan<{t}>({_c.DerivativeName(r.Name)}, 0, {_p})";
        string buffer = _c.Fresh("directions");
        w.Line($"var {buffer} = {Runtime}.AdjointBuffer.Rent<{t}>({_p});");
        scratch.Add(buffer);
        if (_c.Activity.IsActive(arg)) EmitDirections(arg, null, null, (buffer, ""), w);
        return $"new global::System.ReadOnlySpan<{t}>({buffer}, 0, {_p})";
    }

    /// <summary>Entries [start, start + length) of an array's tangents, as a span.</summary>
    private string DirectionView(string array, string start, string length) =>
        IsSpanParam(array) ? $"{_c.DerivativeName(array)}.Slice({start}, {length})"
            : $"new global::System.Span<{_c.Facts.Types[array]}>({_c.DerivativeName(array)}, {start}, {length})";

    /// <summary>
    /// The fallback body: the same checks, then the scalar pushforward once per direction (once with zero tangents when
    /// there are none, for the value), gathering column k of each seed matrix and scattering the outputs' tangents. The
    /// arrays a run changes (in-out outputs, edited inputs, written passive arrays) are put back before each later run.
    /// </summary>
    private void EmitScalarLoop(CodeWriter w)
    {
        w.Line($"// Vector mode is not generated for this method ({_fallback}): one scalar pushforward per direction.");
        EmitDirectionChecks(w);
        string i = _c.Reserve("i"), result = _c.Reserve("result");
        var restores = new List<string>();
        foreach (Param p in M.Params.Where(p => p.InOut || p.Edited || p.Kind == ParamKind.PassiveArray && !p.IsNested && Written(p.Name)))
        {
            string copy = _c.Fresh(p.Name + "OnEntry");
            w.Line($"var {copy} = {(p.TypeText.EndsWith("[]", StringComparison.Ordinal) ? $"({p.TypeText}){p.Name}.Clone()" : $"{p.Name}.ToArray()")};");
            restores.Add($"global::System.MemoryExtensions.AsSpan({copy}).CopyTo({p.Name});");
        }
        var column = new Dictionary<string, string>();
        foreach (Param p in M.Params.Where(p => p.Differentiable))
        {
            column[p.Name] = _c.Fresh(_c.DerivativeName(p.Name) + "Column");
            w.Line(p.Kind == ParamKind.Real ? $"{p.TypeText} {column[p.Name]} = default!;" : $"var {column[p.Name]} = new {p.ElementType}[{p.Name}.Length];");
        }
        bool scalar = M.ReturnType != "void";
        string value = _c.Reserve("value");
        if (scalar) w.Line($"{M.RealType} {value} = default!;");
        w.Open($"for (int {_k} = 0; {_k} < global::System.Math.Max({_p}, 1); {_k}++)");
        if (restores.Count > 0)
        {
            w.Open($"if ({_k} > 0)");
            foreach (string line in restores) w.Line(line);
            w.Close();
        }
        foreach (Param p in M.Params.Where(p => p.Differentiable && (p.Kind != ParamKind.RealSpanOutput || p.InOut)))
        {
            string d = _c.DerivativeName(p.Name), zero = ExprPrinter.Literal(ScalarType(p), 0);
            w.Line(p.Kind == ParamKind.Real ? $"{column[p.Name]} = {_k} < {_p} ? {d}[{_k}] : {zero};"
                : $"for (int {i} = 0; {i} < {p.Name}.Length; {i}++) {column[p.Name]}[{i}] = {_k} < {_p} ? {d}[{i} * {_p} + {_k}] : {zero};");
        }
        var args = M.Params.Select(p => p.Name)
            .Concat(M.Params.Where(p => p.Differentiable && p.Kind != ParamKind.RealSpanOutput).Select(p => column[p.Name]))
            .Concat(M.Params.Where(p => p.Kind == ParamKind.RealSpanOutput).Select(p => column[p.Name]));
        string callText = $"{M.Name}Pushforward{M.TypeParameters}({string.Join(", ", args)})";
        if (!scalar) w.Line(callText + ";");
        else
        {
            w.Line($"var {result} = {callText};");
            w.Line($"{value} = {result}.Value;");
            w.Line($"if ({_k} < {_p}) {_tangents}[{_k}] = {result}.Tangent;");
        }
        foreach (Param p in M.Params.Where(p => p.Kind == ParamKind.RealSpanOutput))
        {
            w.Line($"if ({_k} < {_p}) for (int {i} = 0; {i} < {p.Name}.Length; {i}++) {_c.DerivativeName(p.Name)}[{i} * {_p} + {_k}] = {column[p.Name]}[{i}];");
        }
        w.Close();
        if (scalar) w.Line($"return {value};");
    }

    /// <summary>Whether the body writes the passive array <paramref name="name"/>, or passes it to a callee that does.</summary>
    private bool Written(string name) =>
        Ir.Descendants(M.Body).OfType<Assign>().Any(a => a.Target is Elem el && el.Array == name)
        || Ir.AllExpressions(M.Body).OfType<Call>().Any(c => c.Args.Select((a, j) => (a, j)).Any(x =>
            x.a is Ref or Slice && CallStmt.ArrayOf(x.a) == name && c.Target.Params[x.j].Written));
}
