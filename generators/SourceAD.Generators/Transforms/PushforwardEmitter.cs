using System.Collections.Generic;
using System.Linq;
using SourceAD.Generators.Analyses;
using SourceAD.Generators.IR;
using SourceAD.Generators.Model;
using SourceAD.Generators.Printing;

namespace SourceAD.Generators.Transforms;

/// <summary>
/// Forward mode (JVP): the primal's control flow, with each active assignment preceded by its tangent
/// Σ ∂e/∂leaf · tangent(leaf), from the same linearization reverse mode uses. The same emitter writes the vector
/// pushforward (<c>{Method}PushforwardVector</c>, PushforwardEmitter.Vector.cs): the primal once, each assignment's
/// partials once, applied to every one of p tangent directions.
/// </summary>
internal sealed partial class PushforwardEmitter
{
    private const string Runtime = "global::SourceAD.Runtime";
    private readonly DerivativeContext _c;
    private readonly List<string> _rented = new();

    /// <summary>How many loops enclose the statement being emitted.</summary>
    private int _loops;

    /// <summary>The scalar pushforward.</summary>
    public PushforwardEmitter(DerivativeContext context) => _c = context;

    private MethodModel M => _c.Model;

    /// <summary>The pushforward's tangent parameters, after the primal ones.</summary>
    public IEnumerable<string> DerivativeParameters()
    {
        if (Vector) return VectorParameters();
        return ScalarParameters();
    }

    private IEnumerable<string> ScalarParameters()
    {
        foreach (Param p in M.Params.Where(p => p.Differentiable && p.Kind != ParamKind.RealSpanOutput))
        {
            yield return p.Kind == ParamKind.Real || p.IsNested
                ? $"{p.TypeText} {_c.DerivativeName(p.Name)}"
                : $"global::System.ReadOnlySpan<{p.ElementType}> {_c.DerivativeName(p.Name)}";
        }
        foreach (Param p in M.Params.Where(p => p.Kind == ParamKind.RealSpanOutput))
        {
            yield return $"global::System.Span<{p.ElementType}> {_c.DerivativeName(p.Name)}";
        }
    }

    public void EmitBody(CodeWriter w)
    {
        if (Vector && _fallback is not null)
        {
            EmitScalarLoop(w);
            return;
        }
        if (Vector) EmitVectorEntry(w);
        else EmitScalarEntry(w);
        var body = new CodeWriter();
        Statements(M.Body, body);

        foreach (Local l in M.Locals)
        {
            w.Line(l.IsArray ? $"{l.ArrayTypeText} {l.Name} = null!;" : $"{l.TypeText} {l.Name} = default!;");
        }
        var directionTangents = new List<Local>();
        foreach (Local l in M.Locals.Where(l => _c.Activity.IsActive(l.Name)))
        {
            if (Vector && !l.IsArray)
            {
                // One tangent per direction: a pooled buffer of p entries, rented inside the try below.
                w.Line($"{l.TypeText}[] {_c.DerivativeName(l.Name)} = null!;");
                directionTangents.Add(l);
                continue;
            }
            w.Line(l.IsArray ? $"{l.ArrayTypeText} {_c.DerivativeName(l.Name)} = null!;" : $"{l.TypeText} {_c.DerivativeName(l.Name)} = {ExprPrinter.Literal(l.TypeText, 0)};");
        }
        _rented.AddRange(directionTangents.Select(l => _c.DerivativeName(l.Name)));
        if (_rented.Count > 0) w.Open("try");
        foreach (Local l in directionTangents) w.Line($"{_c.DerivativeName(l.Name)} = {Runtime}.AdjointBuffer.Rent<{l.TypeText}>({_p});");
        w.Append(body);
        if (_rented.Count > 0)
        {
            w.Close();
            w.Open("finally");
            foreach (string r in _rented) w.Line($"if ({r} is not null) {Runtime}.AdjointBuffer.Return({r});");
            w.Close();
        }
    }

    /// <summary>The scalar pushforward's entry: length checks, cleared outputs, edited inputs' tangents copied.</summary>
    private void EmitScalarEntry(CodeWriter w)
    {
        foreach (Param p in M.Params.Where(p => p.Differentiable && DerivativeContext.IsArrayParam(p)))
        {
            if (p.IsNested)
            {
                w.Line($"{Runtime}.NestedArrays.RequireSameShape({p.Name}, {_c.DerivativeName(p.Name)}, \"{_c.DerivativeName(p.Name)}\", \"{p.Name}\");");
                continue;
            }
            w.Line($"{Runtime}.Shapes.RequireLength({p.Name}.Length, {_c.DerivativeName(p.Name)}.Length, \"{_c.DerivativeName(p.Name)}\", \"{p.Name}\");");
        }
        foreach (Param p in M.Params.Where(p => p.LengthCheck is not null)) w.Line(DerivativeContext.WrittenLengthCheck(M, p));
        // An in-out output's tangent holds, on entry, the tangent of its contents on entry (Param.InOut).
        foreach (Param p in M.Params.Where(p => p.Kind == ParamKind.RealSpanOutput && !p.InOut))
        {
            w.Line($"{_c.DerivativeName(p.Name)}.Slice(0, {p.Name}.Length).Clear();");
        }
        foreach (Param p in M.Params.Where(p => p.Edited))
        {
            // The method writes this input: its tangent is copied into a writable array first.
            string local = _c.Fresh(_c.DerivativeName(p.Name) + "Edited");
            w.Line($"var {local} = {Runtime}.AdjointBuffer.Rent<{p.ElementType}>({p.Name}.Length);");
            w.Line($"{_c.DerivativeName(p.Name)}.Slice(0, {p.Name}.Length).CopyTo({local});");
            _c.Rebind(p.Name, local);
            _rented.Add(local);
        }
    }

    private void Statements(IEnumerable<Stmt> stmts, CodeWriter w)
    {
        foreach (Stmt s in stmts)
        {
            switch (s)
            {
                case Assign a:
                    Assign(a, w);
                    break;
                case NewArray na:
                    w.Line(_c.Allocation(na, na.Name));
                    if (!_c.Activity.IsActive(na.Name)) break;
                    if (_c.RentsDerivative(na, inLoop: _loops > 0))
                    {
                        w.Line($"{_c.DerivativeName(na.Name)} = {Runtime}.AdjointBuffer.Rent<{na.ElementType}>({na.Name}.Length{PerDirection});");
                        _rented.Add(_c.DerivativeName(na.Name));
                    }
                    else if (Vector)
                    {
                        // Only flat arrays reach vector mode (VectorSupport): n·p zero tangents.
                        w.Line($"{_c.DerivativeName(na.Name)} = new {na.ElementType}[{na.Name}.Length{PerDirection}];");
                    }
                    else
                    {
                        // Rectangular, jagged, rows, arrays allocated in loops or more than once: exact zero tangents.
                        w.Line(_c.DerivativeAllocation(na, na.Name, _c.DerivativeName(na.Name)));
                    }
                    break;
                case If i:
                    w.Open($"if ({_c.Print(i.Cond)})");
                    Statements(i.Then, w);
                    w.Close();
                    if (i.Else.Count > 0)
                    {
                        w.Open("else");
                        Statements(i.Else, w);
                        w.Close();
                    }
                    break;
                case For f:
                    string step = f.StepText;
                    w.Open($"for ({f.Var} = {_c.Print(f.Start)}; {_c.Print(f.Cond)}; {step})");
                    _loops++;
                    Statements(f.Body, w);
                    _loops--;
                    w.Close();
                    break;
                case While wl:
                    w.Open(wl.ConditionAtBottom ? "do" : $"while ({_c.Print(wl.Cond)})");
                    _loops++;
                    Statements(wl.Body, w);
                    Statements(wl.Increment, w);
                    _loops--;
                    w.Close(wl.ConditionAtBottom ? $" while ({_c.Print(wl.Cond)});" : "");
                    break;
                case Return r:
                {
                    string value = _c.Fresh("value");
                    w.Line($"var {value} = {_c.Print(r.Value)};");
                    if (Vector)
                    {
                        EmitDirections(r.Value, new Ref(r.Value.Type, value), null, (_tangents, ""), w);
                        w.Line($"return {value};");
                        break;
                    }
                    Expr tangent = Tangent(r.Value, new Ref(r.Value.Type, value), w);
                    w.Line($"return ({value}, {_c.Print(tangent)});");
                    break;
                }
                case ThrowStmt t:
                    w.Line(t.Text);
                    break;
                case EffectStmt e:
                    w.Line(e.Text);
                    break;
                case CallStmt c:
                    foreach (string check in _c.DisjointChecks(c)) w.Line(check);
                    CallVectorPushforward(c, w);
                    break;
            }
        }
    }

    /// <summary>
    /// A vector-output call: the callee's pushforward writes the outputs and their tangents. An output whose tangent the
    /// caller does not track gets a scratch tangent buffer.
    /// </summary>
    private void CallVectorPushforward(CallStmt c, CodeWriter w)
    {
        Call call = c.Call;
        if (!c.Outputs.Any(o => _c.Activity.IsActive(CallStmt.ArrayOf(o))))
        {
            w.Line($"{_c.Print(call)};");
            return;
        }
        var scratch = new List<string>();
        var tangents = TangentArguments(call, w, scratch);
        string args = string.Join(", ", call.Args.Select(_c.Print).Concat(Vector ? new[] { _p! } : new string[0]).Concat(tangents));
        w.Line(Vector ? $"{VectorName(call)}({args});" : $"{call.Target.PushforwardReceiver}.{call.Target.PushforwardName}{call.Target.TypeArguments}({args});");
        foreach (string tmp in scratch) w.Line($"{Runtime}.AdjointBuffer.Return({tmp});");
    }

    /// <summary>
    /// The tangent arguments of a call of a generated pushforward, in the callee's order (inputs, then outputs): a
    /// scalar's tangent (in vector mode its p tangents), an array's (n·p in vector mode) as a view of the caller's, or
    /// pooled zeros (inputs) or scratch (outputs) where the caller does not track it.
    /// </summary>
    private List<string> TangentArguments(Call call, CodeWriter w, List<string> scratch)
    {
        var tangents = new List<string>();
        var outputTangents = new List<string>();
        for (int i = 0; i < call.Args.Count; i++)
        {
            ParamShape shape = call.Target.Params[i];
            if (!shape.Differentiable) continue;
            Expr arg = call.Args[i];
            if (shape.Kind == ParamKind.Real)
            {
                tangents.Add(Vector ? ScalarDirections(arg, w, scratch) : _c.Print(Tangent(arg, null, w)));
                continue;
            }
            string array = CallStmt.ArrayOf(arg), et = _c.Facts.Types[array], length = Vector ? $"({_c.LengthOf(arg)}) * {_p}" : _c.LengthOf(arg);
            bool output = shape.Kind == ParamKind.RealSpanOutput;
            if (_c.Activity.IsActive(array))
            {
                // Local arrays' tangents are rented (longer than the array): pass exactly the array's length.
                string view = Vector ? DirectionView(array, arg is Slice s ? $"({_c.Print(s.Start)}) * {_p}" : "0", length)
                    : _c.DerivativeView(arg, !IsSpanParam(array));
                (output ? outputTangents : tangents).Add(arg is Ref && IsSpanParam(array) ? _c.DerivativeName(array) : view);
                continue;
            }
            if (Vector && !output)
            {
                // n·p zeros per call: shared ones rather than a buffer cleared each time.
                tangents.Add($"{Runtime}.AdjointBuffer.Zeros<{et}>({length})");
                continue;
            }
            string tmp = _c.Fresh(output ? "tangents" : "zeros");
            w.Line($"var {tmp} = {Runtime}.AdjointBuffer.Rent<{et}>({length});");
            (output ? outputTangents : tangents).Add($"new global::System.Span<{et}>({tmp}, 0, {length})");
            scratch.Add(tmp);
        }
        return tangents.Concat(outputTangents).ToList();
    }

    /// <summary>Parameters' tangents are spans; locals' are rented arrays.</summary>
    private bool IsSpanParam(string name) => M.Params.Any(p => p.Name == name && !p.Edited);

    private void Assign(Assign a, CodeWriter w)
    {
        string target = _c.Print(a.Target);
        bool active = _c.Activity.IsActive(a.Target is Elem el ? el.Array : ((Ref)a.Target).Name);
        if (_c.Facts.IsArrayBind(a))
        {
            // Another name for the same storage, and for its tangent.
            w.Line($"{target} = {_c.Print(a.Value)};");
            if (active) w.Line($"{_c.DerivativeOf(a.Target)} = {_c.DerivativeOf(a.Value)};");
            return;
        }
        if (!active)
        {
            w.Line($"{target} = {_c.Print(a.Value)};");
            return;
        }
        if (Vector)
        {
            AssignDirections(a, target, w);
            return;
        }
        string dTarget = _c.DerivativeOf(a.Target);
        if (a.Value is Call call)
        {
            CallPushforward(call, target, dTarget, w);
            return;
        }
        Expr? known = _c.KnownOutput(a);
        if (known is not null)
        {
            w.Line($"{target} = {_c.Print(a.Value)};");
            w.Line($"{dTarget} = {_c.Print(Tangent(a.Value, known, w))};");
            return;
        }
        // The right-hand side may read the target (x = x * y): take the tangent before the primal overwrites it.
        string tmp = _c.Fresh("tangent");
        w.Line($"var {tmp} = {_c.Print(E.To(a.Target.Type, Tangent(a.Value, null, w)))};");
        w.Line($"{target} = {_c.Print(a.Value)};");
        w.Line($"{dTarget} = {tmp};");
    }

    /// <summary>Σ coefficient·tangent(leaf), with shared subexpressions hoisted into temporaries.</summary>
    /// <param name="e">The expression.</param>
    /// <param name="output">A variable holding its value, or null (<see cref="Linearize.Terms"/>).</param>
    /// <param name="w">Where shared subexpressions are declared.</param>
    /// <param name="leaf">Each term's leaf tangent; by default the scalar pushforward's <c>dx</c> or <c>da[i]</c>. The
    /// vector pushforward passes the tangent of direction k, so both modes sum the same terms in the same order.</param>
    private Expr Tangent(Expr e, Expr? output, CodeWriter w, System.Func<Term, Expr>? leaf = null)
    {
        List<Term> terms = Linearize.Terms(e, _c.Activity, _c.Policy, output);
        terms = _c.Share(terms, w);
        Expr sum = E.Zero(e.Type);
        for (int i = 0; i < terms.Count; i++)
        {
            Expr leafTangent = leaf?.Invoke(terms[i]) ?? new Opaque(terms[i].Leaf.Type, _c.DerivativeOf(terms[i].Leaf));
            Expr term = E.To(e.Type, E.Mul(terms[i].Coefficient, E.To(terms[i].Coefficient.Type, leafTangent)));
            sum = E.Add(sum, terms[i].Guard is Expr guard ? new Cond(e.Type, guard, term, E.Zero(e.Type)) : term);
        }
        return sum;
    }

    /// <summary>Calls the callee's pushforward; with only a pullback available, one pullback with seed 1 gives the gradient to dot with the tangents.</summary>
    /// <param name="call">The call.</param>
    /// <param name="target">Where the value goes; null when the caller computes it (the vector pushforward, which calls
    /// a callee without a vector member once per direction: <see cref="CallDirections"/>).</param>
    /// <param name="dTarget">Where the tangent goes.</param>
    /// <param name="w">The writer.</param>
    /// <param name="leaf">The arguments' leaf tangents (see <see cref="Tangent"/>).</param>
    private void CallPushforward(Call call, string? target, string dTarget, CodeWriter w, System.Func<Term, Expr>? leaf = null)
    {
        var tangents = new List<string>();
        var scratch = new List<string>();
        for (int i = 0; i < call.Args.Count; i++)
        {
            ParamShape shape = call.Target.Params[i];
            if (!shape.Differentiable) continue;
            Expr arg = call.Args[i];
            if (shape.Kind == ParamKind.Real)
            {
                tangents.Add(_c.Print(Tangent(arg, null, w, leaf)));
            }
            else
            {
                string array = CallStmt.ArrayOf(arg);
                if (_c.Activity.IsActive(array))
                {
                    tangents.Add(arg is Ref ? _c.DerivativeName(array) : _c.DerivativeView(arg, !IsSpanParam(array)));
                }
                else if (_c.Facts.IsNested(array))
                {
                    tangents.Add(DerivativeContext.ZerosLike(_c.Print(arg)));
                }
                else
                {
                    string tmp = _c.Fresh("zeros");
                    w.Line($"var {tmp} = {Runtime}.AdjointBuffer.Rent<{_c.Facts.Types[array]}>({_c.LengthOf(arg)});");
                    tangents.Add($"new global::System.ReadOnlySpan<{_c.Facts.Types[array]}>({tmp}, 0, {_c.LengthOf(arg)})");
                    scratch.Add(tmp);
                }
            }
        }
        string args = string.Join(", ", call.Args.Select(_c.Print).Concat(tangents));
        if (call.Target.PushforwardReturnsTangentOnly)
        {
            if (target is not null) w.Line($"{target} = {_c.Print(call)};");
            w.Line($"{dTarget} = {call.Target.PushforwardReceiver}.{call.Target.PushforwardName}({args}, {call.Target.ExtraDerivativeArgs});");
        }
        else if (call.Target.PushforwardName.Length > 0)
        {
            w.Line($"({target ?? "_"}, {dTarget}) = {call.Target.PushforwardReceiver}.{call.Target.PushforwardName}{call.Target.TypeArguments}({args});");
        }
        else
        {
            // Only a custom pullback exists (scalar arguments, checked by CustomDerivatives): J·u = ⟨∇f, u⟩.
            var grads = new List<string>();
            foreach (ParamShape _ in call.Target.Params.Where(p => p.Differentiable))
            {
                string g = _c.Fresh("grad");
                w.Line($"{call.Type} {g} = {ExprPrinter.Literal(call.Type, 0)};");
                grads.Add(g);
            }
            string primal = string.Join(", ", call.Args.Select(_c.Print));
            w.Line($"{target ?? "_"} = {call.Target.PullbackReceiver}.{call.Target.PullbackName}{call.Target.TypeArguments}({primal}, {ExprPrinter.Literal(call.Type, 1)}, {string.Join(", ", grads.Select(g => "ref " + g))});");
            w.Line($"{dTarget} = {string.Join(" + ", grads.Zip(tangents, (g, t) => $"{g} * ({t})"))};");
        }
        foreach (string tmp in scratch) w.Line($"{Runtime}.AdjointBuffer.Return({tmp});");
    }
}
