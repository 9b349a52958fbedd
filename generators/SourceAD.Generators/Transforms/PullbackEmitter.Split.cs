using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using SourceAD.Generators.IR;
using SourceAD.Generators.Model;
using SourceAD.Generators.Printing;

namespace SourceAD.Generators.Transforms;

/// <summary>Split mode for self-recursive calls (<see cref="SplitSweeps"/>): the two sweeps as methods of their own.</summary>
internal sealed partial class PullbackEmitter
{
    private readonly SplitSweeps? _split;
    private CodeWriter? _forwardText;
    private CodeWriter? _reverseText;
    private List<(string Type, string Name)>? _state;

    /// <summary>
    /// Whether the split emission holds: every tape is one of the three shared ones and the state the reverse sweep
    /// starts from fits them. When false the caller emits the method again in joint mode.
    /// </summary>
    public bool SplitHolds => _split is not null && _rented.Count == 0 && _tapes.Keys.All(t => SplitSweeps.StateType(M, t)) && State().All(s => SplitSweeps.StateType(M, s.Type));

    private readonly IReadOnlyCollection<string> _splitCallees;

    /// <summary>
    /// Whether a call runs split: a self-call when this emission is split, or a call of another method of this type whose
    /// pullback is split (det's <c>Primal</c> calling the recursive <c>det_of_minor</c>), whose sweeps are private
    /// members of this type. Then the forward sweep runs the callee once, recording on this method's tapes, and the
    /// reverse consumes the records, where joint mode would run the callee's whole pullback (its primal again).
    /// </summary>
    private bool IsSplit(Call c)
    {
        string key = c.Target.Callee;
        if (key.Length == 0 || c.Target.Implicit) return false;
        if (key == M.Key) return _split is not null;
        if (!_splitCallees.Contains(key) || M.Key.Length == 0 || c.Target.TypeArguments.Length > 0) return false;
        int at = M.Key.LastIndexOf("." + M.Name + "(", System.StringComparison.Ordinal);
        return at > 0 && key.StartsWith(M.Key.Substring(0, at) + "." + c.Target.Method + "(", System.StringComparison.Ordinal);
    }

    /// <summary>
    /// Whether <paramref name="s"/> is a split call: <c>x = F(…)</c> whose reverse runs (an active target). A call whose
    /// reverse does not run calls the primal: its records would stay on the shared tapes, under those of earlier statements.
    /// </summary>
    private bool SplitAt(Stmt s) => s is Assign { Value: Call c } a && IsSplit(c) && IsActiveTarget(a);

    /// <summary>The sweeps a split call calls: this method's own, or the callee's, named as it names them.</summary>
    private SplitSweeps SweepsOf(Call c) => c.Target.Callee == M.Key && _split is not null ? _split : SplitSweeps.Named(c.Target.Callee, c.Target.Method);

    private void Hoist(string type, string name, string initial)
    {
        _hoisted.Add($"{type} {name} = {initial};");
        _hoistedState.Add((type, name));
    }

    /// <summary>Split calls pass the caller's tapes, so all three exist (and are disposed) in every emission that makes one.</summary>
    private void DeclareSplitTapes()
    {
        Tape(M.RealType);
        Tape("int");
        Tape("bool");
    }

    private IEnumerable<string> TapeArguments => new[] { M.RealType, "int", "bool" }.Select(t => "ref " + Tape(t));

    /// <summary>
    /// <c>x = F(…)</c> in split mode. The value x held is pushed after the callee's records, not before: the reverse
    /// pops it before it runs the callee's reverse sweep, and the tapes are shared, so last in must be first out.
    /// </summary>
    private void ForwardSplitCall(Assign a, Call call, CodeWriter w)
    {
        string target = _c.Print(a.Target);
        string? old = _tbr.Records(a) ? _c.Fresh("old") : null;
        if (old is not null) w.Line($"var {old} = {target};");
        w.Line($"// split call: its forward sweep leaves its records on the tapes for its reverse sweep, so the reverse never reruns it");
        var args = call.Args.Select(_c.Print).Concat(TapeArguments);
        w.Line($"{target} = {call.Target.Receiver}.{SweepsOf(call).Forward}({string.Join(", ", args)});");
        if (old is null) return;
        w.Line($"// {_tbr.Why(a)} (pushed after the call's records, which its reverse pops after this)");
        Planned(a.Target.Type.Name, null, _tbr.Why(a));
        w.Line(LineKind.Push, $"{Tape(a.Target.Type.Name)}.Push({old});");
    }

    private void ReverseSplitCall(Call call, List<string> args, CodeWriter w) =>
        w.Line($"{call.Target.PullbackReceiver}.{SweepsOf(call).Reverse}({string.Join(", ", args.Concat(TapeArguments))});");

    /// <summary>
    /// What the reverse sweep reads of the forward sweep's final state: locals, hoisted branch flags, trip counts and
    /// caches, parameters the method reassigns, and the value. A separate reverse sweep cannot find them in its locals.
    /// </summary>
    private List<(string Type, string Name)> State()
    {
        if (_state is not null) return _state;
        string reverse = _reverseText?.ToString() ?? "";
        // An occurrence that is only assigned (`j = k_9;`, the reverse loop's own counter) does not read the final state.
        bool Read(string name) => Regex.IsMatch(reverse, $@"(?<![\w.@]){Regex.Escape(name)}(?!\w)(?!\s*=[^=])");
        var assigned = new HashSet<string>(Ir.Descendants(M.Body).OfType<Assign>().Select(a => a.Target).OfType<Ref>().Select(r => r.Name));
        var candidates = M.Locals.Where(l => !l.IsArray).Select(l => (l.TypeText, l.Name))
            .Concat(M.Params.Where(p => p.Kind is ParamKind.Real or ParamKind.Passive && assigned.Contains(p.Name)).Select(p => (p.TypeText, p.Name)))
            .Concat(_hoistedState);
        if (M.ReturnType != "void") candidates = candidates.Append((M.RealType, _value));
        _state = candidates.Where(s => Read(s.Item2)).ToList();
        return _state;
    }

    /// <summary>
    /// <c>{Method}ForwardSweep</c> and <c>{Method}ReverseSweep</c>, printed from the buffers <see cref="EmitBody"/> filled
    /// (call it first). They take the caller's tapes; the caller owns and disposes them.
    /// </summary>
    public void EmitSweeps(CodeWriter w, string modifiers, string primalParams, string generatedCode)
    {
        string tapes = string.Join(", ", new[] { M.RealType, "int", "bool" }.Select(t => $"ref {Runtime}.Tape<{t}> {Tape(t)}"));
        List<(string Type, string Name)> state = State();

        w.Line();
        w.Line("/// <summary>Split mode: the forward sweep of the pullback, recording on the caller's tapes and leaving its final state on them for <c>" + _split!.Reverse + "</c>.</summary>");
        w.Line(generatedCode);
        w.Open($"{modifiers} {M.RealType} {_split.Forward}({string.Join(", ", new[] { primalParams, tapes }.Where(x => x.Length > 0))})");
        DeclareLocals(w, adjoints: false);
        w.Append(_forwardText!);
        foreach (var (type, name) in state) w.Line(LineKind.Push, $"{Tape(type)}.Push({name}); // {name}: the reverse sweep starts from the final state");
        w.Line($"return {_value};");
        w.Close();

        w.Line();
        w.Line("/// <summary>Split mode: the reverse sweep of the pullback, starting from the state <c>" + _split.Forward + "</c> left on the tapes.</summary>");
        w.Line(generatedCode);
        w.Open($"{modifiers} void {_split.Reverse}({string.Join(", ", new[] { primalParams }.Concat(DerivativeParameters()).Append(tapes).Where(x => x.Length > 0))})");
        DeclareLocals(w, adjoints: true);
        for (int i = state.Count - 1; i >= 0; i--) w.Line(LineKind.Pop, $"{state[i].Name} = {Tape(state[i].Type)}.Pop();");
        w.Append(_reverseText!);
        w.Close();
    }

    /// <summary>The declarations a sweep method needs (as <see cref="EmitBody"/> writes them; split methods have no arrays or outputs).</summary>
    private void DeclareLocals(CodeWriter w, bool adjoints)
    {
        foreach (Local l in M.Locals) w.Line($"{l.TypeText} {l.Name} = default!;");
        if (adjoints)
        {
            foreach (string v in Act.ActiveVariables.Where(v => M.Locals.Any(l => l.Name == v)).OrderBy(v => v, System.StringComparer.Ordinal))
            {
                Local l = M.Locals.First(x => x.Name == v);
                w.Line($"{l.TypeText} {_c.DerivativeName(v)} = {ExprPrinter.Literal(l.TypeText, 0)};");
            }
        }
        foreach (string h in _hoisted) w.Line(h);
        w.Line($"{M.RealType} {_value} = default!;");
    }
}
