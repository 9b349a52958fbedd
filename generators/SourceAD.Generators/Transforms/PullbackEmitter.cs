using System.Collections.Generic;
using System.Linq;
using SourceAD.Generators.Analyses;
using SourceAD.Generators.IR;
using SourceAD.Generators.Model;
using SourceAD.Generators.Printing;

namespace SourceAD.Generators.Transforms;

/// <summary>
/// Reverse mode (VJP) for imperative code, Tapenade/Clad style. The forward sweep runs the primal and records on typed
/// tapes only what the reverse sweep needs: values about to be overwritten that some derivative reads (to-be-recorded
/// analysis), branch outcomes and trip counts. The reverse sweep walks the statements backwards, restoring those
/// values and accumulating adjoints. Straight-line code at top level needs no tape at all: its branch flags and trip
/// counts live in locals.
/// </summary>
/// <remarks>
/// Invariant of the reverse sweep: when statement S is reversed, every variable the reverse of S reads holds the
/// value it had just before S ran. Recording restores overwritten values; values never overwritten hold already.
/// </remarks>
internal sealed partial class PullbackEmitter
{
    private const string Runtime = "global::SourceAD.Runtime";
    private readonly DerivativeContext _c;
    private readonly ToBeRecorded _tbr;
    private string _value = "";
    private readonly Dictionary<string, string> _tapes = new();
    private readonly Dictionary<Stmt, string[]> _control = new(ReferenceComparer.Instance);
    private readonly List<string> _hoisted = new();
    private readonly List<(string Type, string Name)> _hoistedState = new();
    private readonly List<string> _rented = new();

    /// <summary>
    /// Scalar adjoints known to hold zero at the current point of the reverse text (straight-line code outside loops):
    /// a local's adjoint until its first update, and a target's adjoint right after its reset. The first unguarded
    /// update of such an adjoint is emitted as an assignment (<c>dm = seed</c>, not <c>dm += seed</c>), and
    /// <c>x = f(x)</c>'s reset and update are one assignment (<c>dx = seed * f'(x)</c>): one addition less each, which
    /// is what keeps simple code such as <c>x = Math.Sin(x)</c> in a loop within Theorem 3's bound (SRCAD1002).
    /// Emptied before loops, calls and anything else this emitter does not follow statement by statement.
    /// </summary>
    private HashSet<string> _zero = new(System.StringComparer.Ordinal);

    /// <summary>
    /// Local arrays' adjoint entries known zero across loops, and dead resets (Analyses/AdjointZero.cs): made when the
    /// reverse sweep is emitted. Its entries are known for one statement's reverse at a time (<see cref="_zeroEntries"/>).
    /// </summary>
    private AdjointZero? _adjointZero;

    /// <summary>The adjoint entries the analysis knows to be zero before the statement being reversed, as the leaves of
    /// its terms (before <see cref="DerivativeContext.Share"/> renames their indices): the first unguarded update of
    /// each is an assignment, which the analysis counts on (a reset it finds dead is dead because of that assignment).</summary>
    private readonly HashSet<Expr> _zeroEntries = new();

    /// <param name="context">The method's derivative context.</param>
    /// <param name="split">Non-null: self-recursive calls run split (<see cref="SplitSweeps"/>, PullbackEmitter.Split.cs).</param>
    /// <param name="splitCallees">Keys of other methods whose pullbacks are split: calls of them in this method's type
    /// run split too.</param>
    public PullbackEmitter(DerivativeContext context, SplitSweeps? split = null, IReadOnlyCollection<string>? splitCallees = null)
    {
        _c = context;
        _split = split;
        _splitCallees = splitCallees ?? System.Array.Empty<string>();
        _tbr = new ToBeRecorded(context.Analysis, SplitAt, recomputeFills: split is null, checkpoints: split is null);
    }

    /// <summary>What the forward sweep records for the reverse sweep, and why (the cost analysis reads it too).</summary>
    public ToBeRecorded Recorded => _tbr;

    /// <summary>Every push site of the forward sweep, filled by <see cref="EmitBody"/> (the cost analysis sizes the tape from it).</summary>
    public List<TapeRecord> TapePlan { get; } = new();

    private void Planned(string type, string? wholeArray, string what) => TapePlan.Add(new TapeRecord(_c.Printer.Current, type, wholeArray, what, _stepOf, _conditional > 0));

    /// <summary>How many <c>if</c>s the forward sweep is inside where it is writing.</summary>
    private int _conditional;

    private MethodModel M => _c.Model;
    private VariableFacts Facts => _c.Facts;
    private Activity Act => _c.Activity;

    /// <summary>The seed parameter's name: <c>seed</c> unless the user took it.</summary>
    public string Seed => _c.Seed;

    private string SeedSpanName(string output) => _c.SeedSpan(output);

    /// <summary>The pullback's parameter list after the primal ones.</summary>
    public IEnumerable<string> DerivativeParameters()
    {
        bool vectorOutput = M.ReturnType == "void";
        if (!vectorOutput) yield return $"{M.RealType} {Seed}";
        foreach (Param p in M.Params.Where(p => p.Kind == ParamKind.RealSpanOutput))
        {
            yield return $"global::System.ReadOnlySpan<{p.ElementType}> {SeedSpanName(p.Name)}";
        }
        foreach (Param p in M.Params.Where(p => p.Differentiable && p.Kind != ParamKind.RealSpanOutput))
        {
            yield return p.Kind == ParamKind.Real ? $"ref {p.TypeText} {_c.DerivativeName(p.Name)}"
                : p.IsNested ? $"{p.TypeText} {_c.DerivativeName(p.Name)}"
                : $"global::System.Span<{p.ElementType}> {_c.DerivativeName(p.Name)}";
        }
        foreach (Param p in M.Params.Where(p => p.InOut))
        {
            yield return $"global::System.Span<{p.ElementType}> {_c.EntryAdjoint(p.Name)}";
        }
    }

    public void EmitBody(CodeWriter w)
    {
        // Argument checks first: nothing is computed on misuse.
        foreach (Param p in M.Params.Where(p => p.Differentiable && p.Kind is ParamKind.RealArray or ParamKind.RealReadOnlySpan))
        {
            w.Line(p.IsNested
                ? $"{Runtime}.NestedArrays.RequireSameShape({p.Name}, {_c.DerivativeName(p.Name)}, \"{_c.DerivativeName(p.Name)}\", \"{p.Name}\");"
                : $"{Runtime}.Shapes.RequireLength({p.Name}.Length, {_c.DerivativeName(p.Name)}.Length, \"{_c.DerivativeName(p.Name)}\", \"{p.Name}\");");
        }
        foreach (Param p in M.Params.Where(p => p.Kind == ParamKind.RealSpanOutput))
        {
            w.Line($"{Runtime}.Shapes.RequireLength({p.Name}.Length, {SeedSpanName(p.Name)}.Length, \"{SeedSpanName(p.Name)}\", \"{p.Name}\");");
        }
        foreach (Param p in M.Params.Where(p => p.InOut))
        {
            w.Line($"{Runtime}.Shapes.RequireLength({p.Name}.Length, {_c.EntryAdjoint(p.Name)}.Length, \"{_c.EntryAdjoint(p.Name)}\", \"{p.Name}\");");
        }
        foreach (Param p in M.Params.Where(p => p.LengthCheck is not null)) w.Line(DerivativeContext.WrittenLengthCheck(M, p));

        // Emit both sweeps into buffers first: they decide which tapes and hoisted locals exist.
        var forward = new CodeWriter(_c.Printer);
        var reverse = new CodeWriter(_c.Printer);
        string value = _c.Fresh("value");
        _value = value;
        if (_split is not null) DeclareSplitTapes();
        Forward(M.Body, 0, forward, value);
        // A scalar parameter the method reassigns (x = x * x): in the reverse sweep its adjoint is that of its latest
        // value, which starts at zero, so what the caller had accumulated in it is set aside and added back at the end.
        // Mixed in, it would have been multiplied through the chain (Sq(x) + 3·x's gradient came out 2.4, not 3.6).
        var reassigned = M.Params.Where(p => p.Kind == ParamKind.Real && p.Differentiable && !p.IsNested && Facts.MayOverwrite(p.Name) && Act.IsActive(p.Name))
            .Select(p => (Adjoint: _c.DerivativeName(p.Name), Kept: _c.Fresh(_c.DerivativeName(p.Name) + "Kept"), p.TypeText)).ToList();
        foreach (var (adjoint, k, _) in reassigned) reverse.Line($"var {k} = {adjoint}; // the caller's accumulation, added back after the reverse sweep");
        foreach (var (adjoint, _, type) in reassigned) reverse.Line($"{adjoint} = {ExprPrinter.Literal(type, 0)};");
        _zero = new HashSet<string>(reassigned.Select(r => r.Adjoint)
            .Concat(Act.ActiveVariables.Where(v => M.Locals.Any(l => l.Name == v && !l.IsArray)).Select(_c.DerivativeName)), System.StringComparer.Ordinal);
        _adjointZero = new AdjointZero(_c.Analysis, IsActiveTarget, s => s is For f && (IsCheckpointed(f) || _tbr.ForwardOrder(f) is not null),
            enabled: _split is null && !Checkpointed.Keys.Any(IsCheckpointed));
        Reverse(M.Body, 0, reverse);
        _zero.Clear();
        foreach (var (adjoint, k, _) in reassigned) reverse.Line(LineKind.Accumulate, $"{adjoint} += {k};");
        _forwardText = forward;
        _reverseText = reverse;

        foreach (Local l in M.Locals)
        {
            w.Line(l.IsArray ? $"{l.ArrayTypeText} {l.Name} = null!;" : $"{l.TypeText} {l.Name} = default!;");
        }
        foreach (string v in Act.ActiveVariables.Where(v => M.Locals.Any(l => l.Name == v)).OrderBy(v => v, System.StringComparer.Ordinal))
        {
            Local l = M.Locals.First(x => x.Name == v);
            w.Line(l.IsArray ? $"{l.ArrayTypeText} {_c.DerivativeName(v)} = null!;" : $"{l.TypeText} {_c.DerivativeName(v)} = {ExprPrinter.Literal(l.TypeText, 0)};");
        }
        foreach (Param p in M.Params.Where(p => p.Kind == ParamKind.RealSpanOutput))
        {
            // Output adjoints start as the seeds; the reverse sweep zeroes each entry when it consumes it.
            string d = _c.DerivativeName(p.Name);
            w.Line($"{p.ElementType}[] {d} = {Runtime}.AdjointBuffer.Rent<{p.ElementType}>({p.Name}.Length);");
            w.Line($"{SeedSpanName(p.Name)}.CopyTo({d});");
            _rented.Add(d);
        }
        foreach (string h in _hoisted) w.Line(h);
        foreach (var tape in _tapes.OrderBy(t => t.Value, System.StringComparer.Ordinal))
        {
            w.Line($"{Runtime}.Tape<{tape.Key}> {tape.Value} = default;");
        }
        foreach (var store in _snapshotStores.OrderBy(t => t.Value, System.StringComparer.Ordinal))
        {
            w.Line($"{Runtime}.Snapshots<{store.Key}> {store.Value} = default;");
        }
        if (M.ReturnType != "void") w.Line($"{M.RealType} {value} = default!;");

        // Outputs whose entries the reverse sweep restores to earlier values are saved after the forward sweep and put
        // back at the end, so the pullback leaves them as the method does.
        var restoredOutputs = M.Params.Where(p => (p.Kind == ParamKind.RealSpanOutput || p.Edited) && (_tbr.RecordedStatements.Any(s => s switch
        {
            Assign { Target: Elem el } => el.Array == p.Name,
            CallStmt c => c.Outputs.Any(o => CallStmt.ArrayOf(o) == p.Name),
            _ => false,
        }) || CheckpointWrites(p.Name))).Select(p => (Param: p, Copy: _c.Fresh(p.Name + "Final"))).ToList();
        foreach (var (p, copy) in restoredOutputs)
        {
            w.Line($"{p.ElementType}[] {copy} = null!;");
            _rented.Add(copy);
        }

        // An input the method edits in place: its adjoint span's contents are set aside, so the reverse sweep can consume
        // entries (an overwritten value's adjoint) without losing what the caller accumulated there; added back at the end.
        var editedInputs = M.Params.Where(p => p.Edited).Select(p => (Param: p, Kept: _c.Fresh(_c.DerivativeName(p.Name) + "Kept"))).ToList();
        foreach (var (p, kept) in editedInputs)
        {
            w.Line($"{p.ElementType}[] {kept} = null!;");
            _rented.Add(kept);
        }

        bool needsFinally = _tapes.Count > 0 || _rented.Count > 0 || _snapshotStores.Count > 0;
        if (needsFinally) w.Open("try");
        foreach (var (p, kept) in editedInputs)
        {
            string d = _c.DerivativeName(p.Name);
            w.Line($"{kept} = {Runtime}.AdjointBuffer.Rent<{p.ElementType}>({p.Name}.Length);");
            w.Line($"{d}.Slice(0, {p.Name}.Length).CopyTo({kept});");
            w.Line($"{d}.Slice(0, {p.Name}.Length).Clear();");
        }
        ReserveTapes(w);
        w.Line("// Forward sweep: the primal, recording what the reverse sweep needs.");
        w.Append(forward);
        foreach (var (p, copy) in restoredOutputs)
        {
            w.Line($"{copy} = {Runtime}.AdjointBuffer.Rent<{p.ElementType}>({p.Name}.Length);");
            w.Line($"((global::System.ReadOnlySpan<{p.ElementType}>){p.Name}).CopyTo({copy});"); // T[] has no CopyTo(T[])
        }
        w.Line("// Reverse sweep: adjoints, last statement first.");
        w.Append(reverse);
        foreach (Param p in M.Params.Where(p => p.InOut))
        {
            // What the reverse sweep left in an in-out output's adjoint belongs to its contents on entry.
            string q = _c.Fresh("q");
            w.Line(LineKind.Accumulate, $"for (int {q} = 0; {q} < {p.Name}.Length; {q}++) {_c.EntryAdjoint(p.Name)}[{q}] += {_c.DerivativeName(p.Name)}[{q}];");
        }
        foreach (var (p, kept) in editedInputs)
        {
            string q = _c.Fresh("q");
            w.Line(LineKind.Accumulate, $"for (int {q} = 0; {q} < {p.Name}.Length; {q}++) {_c.DerivativeName(p.Name)}[{q}] += {kept}[{q}];");
        }
        foreach (var (p, copy) in restoredOutputs) w.Line($"new global::System.Span<{p.ElementType}>({copy}, 0, {p.Name}.Length).CopyTo({p.Name});");
        if (M.ReturnType != "void") w.Line($"return {value};");
        if (needsFinally)
        {
            w.Close();
            w.Open("finally");
            foreach (string t in _tapes.Values.Concat(_snapshotStores.Values).OrderBy(t => t, System.StringComparer.Ordinal)) w.Line($"{t}.Dispose();");
            foreach (string r in _rented) w.Line($"if ({r} is not null) {Runtime}.AdjointBuffer.Return({r});");
            w.Close();
        }
    }

    // ---------------------------------------------------------------- recording (what ToBeRecorded decided)

    private bool IsActiveTarget(Assign a) => Act.IsActive(a.Target is Elem el ? el.Array : ((Ref)a.Target).Name);

    private bool NeedsPush(Stmt a) => _tbr.Restores(a);

    /// <summary>
    /// Whether an allocation records the array it replaces (and that array's derivative): one inside a loop allocates a
    /// fresh array each iteration, and an array (or a jagged row) allocated by more than one statement replaces the one
    /// before, so restoring the reference in the reverse sweep gives back the replaced contents and, above all, their
    /// own adjoint: without it, the adjoint of an element of the new array that was read but never written (a constant
    /// 0) was handed to the replaced array's element (<c>ReallocatedArrayTests</c>). Needed when the reverse sweep reads
    /// the array or accumulates into its derivative.
    /// </summary>
    private bool RecordsAllocation(NewArray na) =>
        (AllocationsInLoops.Contains(na) || _c.AllocationCount(na.Name) > 1) && (Act.IsActive(na.Name) || _tbr.ReadAnywhere(na.Name));

    private HashSet<Stmt> AllocationsInLoops => _inLoops ??= new HashSet<Stmt>(
        Ir.Descendants(M.Body).Where(s => s is For or While).SelectMany(l => Ir.Descendants(Ir.Children(l))).OfType<NewArray>(), ReferenceComparer.Instance);

    private HashSet<Stmt>? _inLoops;

    /// <summary>Saves the passive arrays a call edits in place (see <see cref="ToBeRecorded"/>).</summary>
    private void SaveArrays(Stmt s, CodeWriter w)
    {
        foreach (var (array, why) in _tbr.Saved(s))
        {
            w.Line("// " + why);
            Planned(Facts.Types[array], array, why);
            w.Line(LineKind.Push, $"{Tape(Facts.Types[array])}.PushRange({array});");
        }
    }

    /// <summary>Puts back what <see cref="SaveArrays"/> saved: the arrays as they were before the call.</summary>
    private void RestoreArrays(Stmt s, CodeWriter w)
    {
        var arrays = _tbr.Saved(s);
        for (int i = arrays.Count - 1; i >= 0; i--)
        {
            string array = arrays[i].Array;
            w.Line(LineKind.Pop, $"{Tape(Facts.Types[array])}.PopRange({array});");
        }
    }

    /// <summary>An active array argument's adjoint, exactly its length: locals' and outputs' adjoints are rented arrays, inputs' are span parameters.</summary>
    private string AdjointView(Expr arg) =>
        _c.DerivativeView(arg, !M.Params.Any(p => p.Name == CallStmt.ArrayOf(arg) && p.Kind != ParamKind.RealSpanOutput));

    /// <summary>An array argument's primal values as a span of exactly its length.</summary>
    private string ArrayView(Expr arg)
    {
        string array = CallStmt.ArrayOf(arg);
        string start = arg is Slice s ? _c.Print(s.Start) : "0";
        return M.Params.Any(p => p.Name == array && !p.TypeText.EndsWith("[]", System.StringComparison.Ordinal))
            ? $"{array}.Slice({start}, {_c.LengthOf(arg)})"
            : $"new global::System.Span<{Facts.Types[array]}>({array}, {start}, {_c.LengthOf(arg)})";
    }

    /// <summary><c>array[start .. start + count)</c> as a span: a parameter span is sliced, an array viewed.</summary>
    private string RangeView(string array, string start, string count) =>
        M.Params.Any(p => p.Name == array && !p.TypeText.EndsWith("[]", System.StringComparison.Ordinal))
            ? $"{array}.Slice({start}, {count})"
            : $"new global::System.Span<{Facts.Types[array]}>({array}, {start}, {count})";

    private bool OutputsActive(CallStmt c) => c.Outputs.Any(o => Act.IsActive(CallStmt.ArrayOf(o)));

    /// <summary>Whether reversing <paramref name="s"/> does anything (adjoints or restores).</summary>
    private bool HasReverseWork(Stmt s) => s switch
    {
        Assign a => Facts.IsArrayBind(a) || IsActiveTarget(a) || NeedsPush(a),
        CallStmt c => OutputsActive(c) || NeedsPush(c),
        NewArray na => RecordsAllocation(na),
        For f when _tbr.RangeSnapshot(f) is not null => true,
        _ => Ir.Children(s).Any(HasReverseWork),
    };

    private Expr? InvariantTripCount(For f) => _tbr.InvariantTripCount(f);

    private string Tape(string type)
    {
        if (!_tapes.TryGetValue(type, out string? name))
        {
            string hint = IrType.Of(type).Kind switch { IrTypeKind.Bool => "branchTape", IrTypeKind.Int => "countTape", _ when type == M.RealType => "tape", _ => "tape" + char.ToUpperInvariant(type.Split('.').Last()[0]) };
            name = _c.Fresh(hint);
            _tapes[type] = name;
        }
        return name;
    }

    // ---------------------------------------------------------------- forward sweep

    private void Forward(IEnumerable<Stmt> stmts, int depth, CodeWriter w, string value)
    {
        foreach (Stmt s in stmts)
        {
            switch (s)
            {
                case Assign a when Facts.IsArrayBind(a):
                {
                    // p = q binds p (and its derivative) to q's storage; the references it replaces are recorded.
                    string type = a.Target.Type.Name, p = ((Ref)a.Target).Name, q = ((Ref)a.Value).Name;
                    Planned(type, null, $"the array {p} refers to before {p} = {q}");
                    w.Line(LineKind.Push, $"{Tape(type)}.Push({p});");
                    if (Act.IsActive(p))
                    {
                        Planned(type, null, $"the adjoint array of {p} before {p} = {q}");
                        w.Line(LineKind.Push, $"{Tape(type)}.Push({_c.DerivativeName(p)});");
                    }
                    w.Line($"{p} = {q};");
                    if (Act.IsActive(p)) w.Line($"{_c.DerivativeName(p)} = {_c.DerivativeName(q)};");
                    break;
                }
                case Assign a:
                {
                    SaveArrays(a, w);
                    Call? splitCall = SplitAt(a) ? (Call)a.Value : null;
                    if (_tbr.Records(a) && splitCall is null)
                    {
                        w.Line("// " + _tbr.Why(a));
                        Planned(a.Target.Type.Name, null, _tbr.Why(a));
                        w.Line(LineKind.Push, $"{Tape(a.Target.Type.Name)}.Push({_c.Print(a.Target)});");
                    }
                    var caches = Caches(a, depth);
                    foreach (var (prim, name) in caches)
                    {
                        if (depth == 0)
                        {
                            Hoist(prim.Type.Name, name, "default!");
                            w.Line($"{name} = {_c.Print(prim)};");
                        }
                        else
                        {
                            w.Line($"var {name} = {_c.Print(prim)};");
                            w.Line($"// keep {prim.Name}(…): its derivative rule reads it, and storing costs less than recomputing");
                            Planned(prim.Type.Name, null, $"keep {prim.Name}(…) for its derivative rule");
                            w.Line(LineKind.Push, $"{Tape(prim.Type.Name)}.Push({name});");
                        }
                    }
                    Expr rhs = caches.Count == 0 ? a.Value : DerivativeContext.Replace(a.Value, CacheMap(caches));
                    if (splitCall is not null) ForwardSplitCall(a, splitCall, w);
                    else w.Line($"{_c.Print(a.Target)} = {_c.Print(rhs)};");
                    break;
                }
                case NewArray na:
                    ForwardAllocation(na, w);
                    break;
                case If i when HasReverseWork(i):
                {
                    string b = _c.Fresh("branch");
                    _control[i] = new[] { b };
                    if (depth == 0)
                    {
                        Hoist("bool", b, "false");
                        w.Line($"{b} = {_c.Print(i.Cond)};");
                    }
                    else
                    {
                        w.Line($"bool {b} = {_c.Print(i.Cond)};");
                    }
                    ForwardIf(b, i, depth, w, value);
                    // The outcome goes on the tape after the branch's own records, so the reverse sweep pops it first
                    // (last in, first out) and then the branch's records in reverse order. Pushed before the branch,
                    // it would sit under the records of nested branches and loops and be popped in their place.
                    if (depth > 0)
                    {
                        w.Line("// the branch taken: the reverse sweep takes it again");
                        Planned("bool", null, "a branch outcome");
                        w.Line(LineKind.Push, $"{Tape("bool")}.Push({b});");
                    }
                    break;
                }
                case If i:
                    ForwardIf(_c.Print(i.Cond), i, depth, w, value);
                    break;
                case For f when IsCheckpointed(f):
                    ForwardCheckpointed(f, w);
                    break;
                case For f:
                {
                    string step = f.StepText;
                    if (!HasReverseWork(f))
                    {
                        w.OpenLoop($"for ({f.Var} = {_c.Print(f.Start)}; {_c.Print(f.Cond)}; {step})", _c.Printer.EnterLoop(f));
                        Forward(f.Body, depth + 1, w, value);
                        _c.Printer.ExitLoop();
                        w.Close();
                        break;
                    }
                    if (InvariantTripCount(f) is Expr trips)
                    {
                        if (_tbr.ForwardOrder(f) is { } plan) RecordEntries(plan, w);
                        // The reverse sweep recomputes the trip count: nothing to count or record.
                        string recomputedStart = _c.Print(f.Start);
                        _control[f] = new[] { f.Start is Lit or Ref ? recomputedStart : $"({recomputedStart})", _c.Print(trips) };
                        var snapshot = _tbr.RangeSnapshot(f);
                        if (snapshot is { } recorded)
                        {
                            w.Line($"// {recorded.Why}: the loop's entries, in one block");
                            w.Line(LineKind.Push, $"{Tape(Facts.Types[recorded.Array])}.PushRange({RangeView(recorded.Array, _control[f][0], _control[f][1])});");
                        }
                        w.OpenLoop($"for ({f.Var} = {_c.Print(f.Start)}; {_c.Print(f.Cond)}; {step})", _c.Printer.EnterLoop(f));
                        // Planned inside the loop's scope: one value an iteration, which is what the block holds.
                        if (snapshot is { } planned) Planned(Facts.Types[planned.Array], null, planned.Why);
                        Forward(f.Body, depth + 1, w, value);
                        _c.Printer.ExitLoop();
                        w.Close();
                        break;
                    }
                    // A constant start (the usual 0) needs no recording: the reverse sweep uses the literal.
                    bool constantStart = f.Start is Lit;
                    string start = constantStart ? _c.Print(f.Start) : _c.Fresh(f.Var + "Start"), count = _c.Fresh(f.Var + "Count");
                    _control[f] = new[] { start, count };
                    string decl = depth == 0 ? "" : "int ";
                    if (depth == 0)
                    {
                        _hoisted.Add(constantStart ? $"int {count} = 0;" : $"int {start} = 0, {count} = 0;");
                        if (!constantStart) _hoistedState.Add(("int", start));
                        _hoistedState.Add(("int", count));
                    }
                    if (!constantStart) w.Line($"{decl}{start} = {_c.Print(f.Start)};");
                    w.Line($"{decl}{count} = 0;");
                    w.OpenLoop($"for ({f.Var} = {start}; {_c.Print(f.Cond)}; {step})", _c.Printer.EnterLoop(f));
                    w.Line($"{count}++;");
                    Forward(f.Body, depth + 1, w, value);
                    _c.Printer.ExitLoop();
                    w.Close();
                    if (depth > 0)
                    {
                        w.Line($"// the loop over {f.Var}: its {(constantStart ? "" : "start and ")}trip count, which the reverse sweep cannot recompute");
                        Planned("int", null, $"the trip count of the loop over {f.Var}");
                        if (!constantStart) Planned("int", null, $"the start of the loop over {f.Var}");
                        if (!constantStart) w.Line(LineKind.Push, $"{Tape("int")}.Push({start});");
                        w.Line(LineKind.Push, $"{Tape("int")}.Push({count});");
                    }
                    break;
                }
                case While wl:
                {
                    bool record = HasReverseWork(wl);
                    string count = record ? _c.Fresh("iterations") : "";
                    if (record)
                    {
                        _control[wl] = new[] { count };
                        if (depth == 0) { Hoist("int", count, "0"); w.Line($"{count} = 0;"); }
                        else w.Line($"int {count} = 0;");
                    }
                    w.OpenLoop(wl.ConditionAtBottom ? "do" : $"while ({_c.Print(wl.Cond)})", _c.Printer.EnterLoop(wl));
                    if (record) w.Line($"{count}++;");
                    Forward(wl.Body, depth + 1, w, value);
                    Forward(wl.Increment, depth + 1, w, value);
                    _c.Printer.ExitLoop();
                    w.Close(wl.ConditionAtBottom ? $" while ({_c.Print(wl.Cond)});" : "");
                    if (record && depth > 0)
                    {
                        w.Line("// the loop's trip count: the reverse sweep replays it");
                        Planned("int", null, "the trip count of a while loop");
                        w.Line(LineKind.Push, $"{Tape("int")}.Push({count});");
                    }
                    break;
                }
                case Return r:
                {
                    // Like an assignment's: the returned value's nonlinear parts that its derivative reads are kept, and
                    // a returned primitive's own derivative reads the value itself (√x: 0.5/value), never recomputing it.
                    var caches = depth == 0 ? ReturnCaches(r) : new List<(Prim Prim, string Name)>();
                    foreach (var (prim, name) in caches)
                    {
                        Hoist(prim.Type.Name, name, "default!");
                        w.Line($"{name} = {_c.Print(prim)};");
                    }
                    Expr rhs = caches.Count == 0 ? r.Value : DerivativeContext.Replace(r.Value, CacheMap(caches));
                    w.Line($"{value} = {_c.Print(rhs)};");
                    break;
                }
                case ThrowStmt t:
                    w.Line(t.Text);
                    break;
                case EffectStmt e:
                    if (!_replaying) w.Line(e.Text);
                    break;
                case CallStmt c:
                    foreach (string check in _c.DisjointChecks(c)) w.Line(check);
                    if (_tbr.Records(c))
                    {
                        w.Line("// " + _tbr.Why(c));
                        foreach (Expr o in c.Outputs)
                        {
                            string array = CallStmt.ArrayOf(o);
                            Planned(Facts.Types[array], array, _tbr.Why(c));
                            w.Line(LineKind.Push, $"{Tape(Facts.Types[array])}.PushRange({array});");
                        }
                    }
                    SaveArrays(c, w);
                    w.Line($"{_c.Print(c.Call)};");
                    break;
            }
        }
    }

    /// <summary>
    /// An allocation. A flat local array allocated once gets a rented adjoint; any other (rectangular, jagged, a row, or
    /// inside a loop) gets a fresh zero adjoint of its shape. Inside a loop the arrays it replaces are recorded first.
    /// </summary>
    private void ForwardAllocation(NewArray na, CodeWriter w)
    {
        string d = _c.DerivativeName(na.Name);
        bool active = Act.IsActive(na.Name);
        if (RecordsAllocation(na))
        {
            string type = _c.AllocationType(na);
            Planned(type, null, $"the array {na.Name} held before it is allocated again");
            w.Line(LineKind.Push, $"{Tape(type)}.Push({_c.AllocationTarget(na, na.Name)});");
            if (active)
            {
                Planned(type, null, $"the adjoint array of {na.Name} before it is allocated again");
                w.Line(LineKind.Push, $"{Tape(type)}.Push({_c.AllocationTarget(na, d)});");
            }
        }
        w.Line(_c.Allocation(na, na.Name));
        if (!active) return;
        // Arrays bound to other names (p = q) are not rented: a pooled buffer must be returned exactly once.
        if (_c.RentsDerivative(na, AllocationsInLoops.Contains(na)))
        {
            w.Line($"{d} = {Runtime}.AdjointBuffer.Rent<{na.ElementType}>({na.Name}.Length);");
            _rented.Add(d);
            return;
        }
        w.Line(_c.DerivativeAllocation(na, na.Name, d));
    }

    private void ForwardIf(string condition, If i, int depth, CodeWriter w, string value)
    {
        _conditional++;
        w.Open($"if ({condition})");
        Forward(i.Then, depth, w, value);
        w.Close();
        if (i.Else.Count > 0)
        {
            w.Open("else");
            Forward(i.Else, depth, w, value);
            w.Close();
        }
        _conditional--;
    }

    /// <summary>
    /// Sizes each tape on entry when its records' counts are known then: a push that runs on every iteration of loops
    /// whose trip counts read only parameters (<c>for (i = 0; i &lt; n; i++)</c> in <c>for (t = 0; t &lt; steps; t++)</c>:
    /// <c>steps·n</c>), of one value or a parameter array. Growing a tape by doubling copies what it holds; ode's
    /// 4·n·steps doubles were copied about once more that way. Pushes under an <c>if</c>, in loops sized later, or in
    /// checkpointed steps are left out, so the reserve is a lower bound of what the run pushes and never asks for more.
    /// </summary>
    private void ReserveTapes(CodeWriter w)
    {
        if (_split is not null) return; // a split callee's tapes are its caller's, sized by the caller's own pushes
        foreach (var tape in _tapes.OrderBy(t => t.Value, System.StringComparer.Ordinal))
        {
            // Records with the same count are one term: ode's four stage records a step print as 4L * n * steps.
            var terms = new Dictionary<string, int>();
            var order = new List<string>();
            foreach (TapeRecord r in TapePlan.Where(r => r.ElementType == tape.Key && r.StepOf is null && !r.Conditional))
            {
                if (EntryCount(r) is not string count) continue;
                if (!terms.ContainsKey(count)) order.Add(count);
                terms[count] = terms.TryGetValue(count, out int k) ? k + 1 : 1;
            }
            if (order.All(t => t.Length == 0)) continue; // nothing in loops: the initial capacity holds it
            var printed = order.Where(t => t.Length > 0).Select(t => terms[t] == 1 ? "(long)" + t : $"{terms[t]}L * {t}").ToList();
            if (terms.TryGetValue("", out int single)) printed.Add(single + "L");
            w.Line($"{tape.Value}.Reserve({string.Join(" + ", printed)}); // what the loops below push, counted on entry");
        }
    }

    /// <summary>
    /// A record's count as a product of C# factors evaluable on entry ("" for one value outside loops), or null when it
    /// is not known on entry.
    /// </summary>
    private string? EntryCount(TapeRecord r)
    {
        var factors = new List<string>();
        if (r.WholeArray is string array)
        {
            if (!M.Params.Any(p => p.Name == array && !p.IsNested) || Facts.MayOverwrite(array)) return null;
            factors.Add($"{array}.Length");
        }
        for (LoopScope? s = r.Scope; s?.Loop is not null; s = s.Parent)
        {
            if (s.Loop is not For f || _tbr.InvariantTripCount(f) is not Expr trips || OnEntry(trips, 0) is not Expr count) return null;
            factors.Add(_c.Print(count));
        }
        factors.Reverse(); // outermost loop first, as the loops read
        return string.Join(" * ", factors);
    }

    /// <summary>
    /// An integer expression as C# that evaluates to the same value on entry, or null: parameters the method never
    /// reassigns stand for themselves, and a local assigned once, by a statement of the method's top level, for the
    /// value it is assigned (<c>int n = x.Length - 1;</c> makes a bound <c>n</c> read <c>x.Length - 1</c>). Only what
    /// cannot throw: a division or an element read would fail on entry where the primal fails later, or not at all.
    /// </summary>
    private Expr? OnEntry(Expr e, int depth)
    {
        if (depth > 4 || !Ir.DescendantsAndSelf(e).All(x => x is Lit or Ref or Len || x is Bin { Op: BinaryOp.Add or BinaryOp.Subtract or BinaryOp.Multiply } ||
                                                           x is PassiveCall { Function: "global::System.Math.Max" })) return null;
        var values = new Dictionary<Expr, Expr>();
        foreach (Ref read in Ir.DescendantsAndSelf(e).OfType<Ref>())
        {
            if (Facts.MayOverwrite(read.Name) || Facts.CountedLoopVariables.Contains(read.Name)) return null;
            if (M.Params.Any(p => p.Name == read.Name)) continue;
            // A local: C# assigns it before any loop bound reads it, so its one top-level assignment comes first.
            if (Facts.Arrays.Contains(read.Name) || M.Body.OfType<Assign>().FirstOrDefault(a => a.Target is Ref t && t.Name == read.Name) is not Assign def ||
                OnEntry(def.Value, depth + 1) is not Expr value) return null;
            values[read] = value.Type == read.Type ? value : new Conv(read.Type, value);
        }
        foreach (Len len in Ir.DescendantsAndSelf(e).OfType<Len>())
        {
            if (!M.Params.Any(p => p.Name == len.Array) || Facts.MayOverwrite(len.Array)) return null;
        }
        return values.Count == 0 ? e : DerivativeContext.Replace(e, values);
    }

    // ---------------------------------------------------------------- reverse sweep

    private void Reverse(IReadOnlyList<Stmt> stmts, int depth, CodeWriter w)
    {
        for (int k = stmts.Count - 1; k >= 0; k--)
        {
            Stmt s = stmts[k];
            bool followed = s is Assign { Value: not Call } or Return or If && !(s is Assign ab && Facts.IsArrayBind(ab));
            if (!followed) _zero.Clear();
            switch (s)
            {
                case Assign a when Facts.IsArrayBind(a):
                {
                    string p = ((Ref)a.Target).Name;
                    if (Act.IsActive(p)) w.Line(LineKind.Pop, $"{_c.DerivativeName(p)} = {Tape(a.Target.Type.Name)}.Pop();");
                    w.Line(LineKind.Pop, $"{p} = {Tape(a.Target.Type.Name)}.Pop();");
                    break;
                }
                case Assign a:
                {
                    var caches = _caches.TryGetValue(a, out var c) ? c : new List<(Prim Prim, string Name)>();
                    if (depth > 0)
                    {
                        for (int i = caches.Count - 1; i >= 0; i--) w.Line(LineKind.Pop, $"var {caches[i].Name} = {Tape(caches[i].Prim.Type.Name)}.Pop();");
                    }
                    if (_tbr.Records(a)) w.Line(LineKind.Pop, $"{_c.Print(a.Target)} = {Tape(a.Target.Type.Name)}.Pop();");
                    // An integer update is undone by its inverse: the index it held before (never stored).
                    if (_tbr.Inverse(a) is Expr inverse) w.Line($"{_c.Print(a.Target)} = {_c.Print(inverse)};");
                    RestoreArrays(a, w);
                    if (IsActiveTarget(a))
                    {
                        _zeroEntries.UnionWith(_adjointZero?.ZeroLeaves(a) ?? System.Array.Empty<Expr>());
                        ReverseAssign(a, w, caches.Count == 0 ? null : CacheMap(caches));
                        // The analysis's facts hold at this statement only: its entries' indices may change after it.
                        _zeroEntries.Clear();
                    }
                    break;
                }
                case Return r:
                {
                    var caches = _caches.TryGetValue(r, out var c) ? c : new List<(Prim Prim, string Name)>();
                    Accumulate(Linearize.Terms(r.Value, Act, _c.Policy, depth == 0 ? ReturnedValue(r) : null), new Ref(M.RealType, Seed), w,
                        caches.Count == 0 ? null : CacheMap(caches));
                    break;
                }
                case NewArray na when RecordsAllocation(na):
                {
                    // Back to the array (and derivative) the allocation replaced: the previous iteration's.
                    string type = _c.AllocationType(na);
                    if (Act.IsActive(na.Name)) w.Line(LineKind.Pop, $"{_c.AllocationTarget(na, _c.DerivativeName(na.Name))} = {Tape(type)}.Pop();");
                    w.Line(LineKind.Pop, $"{_c.AllocationTarget(na, na.Name)} = {Tape(type)}.Pop();");
                    break;
                }
                case If i when HasReverseWork(i):
                {
                    string b = _control[i][0];
                    if (depth > 0) w.Line(LineKind.Pop, $"bool {b} = {Tape("bool")}.Pop();");
                    // Each branch starts from what is known before the if; after it, what both branches leave zero.
                    var before = new HashSet<string>(_zero, System.StringComparer.Ordinal);
                    w.Open($"if ({b})");
                    Reverse(i.Then, depth, w);
                    w.Close();
                    var afterThen = _zero;
                    _zero = before;
                    if (i.Else.Any(HasReverseWork))
                    {
                        w.Open("else");
                        Reverse(i.Else, depth, w);
                        w.Close();
                    }
                    _zero.IntersectWith(afterThen);
                    break;
                }
                case CallStmt c:
                    RestoreArrays(c, w);
                    // The outputs get their contents before the call back first: the callee's pullback reruns it on
                    // scratch outputs, which start as those contents where it reads them (in-out outputs).
                    if (_tbr.Records(c))
                    {
                        foreach (Expr o in c.Outputs.Reverse())
                        {
                            string array = CallStmt.ArrayOf(o);
                            w.Line(LineKind.Pop, $"{Tape(Facts.Types[array])}.PopRange({array});");
                        }
                    }
                    if (OutputsActive(c)) CallVectorPullback(c, w);
                    break;
                case For f when IsCheckpointed(f):
                    ReverseCheckpointed(f, w);
                    break;
                case For f when _tbr.ForwardOrder(f) is { } plan:
                    ReverseForward(plan, depth, w);
                    break;
                case For f when HasReverseWork(f):
                {
                    string start = _control[f][0], count = _control[f][1];
                    if (InvariantTripCount(f) is not null)
                    {
                        string trips = _c.Fresh(f.Var + "Trips");
                        w.Line($"int {trips} = {count};");
                        count = trips;
                    }
                    else if (depth > 0)
                    {
                        w.Line(LineKind.Pop, $"int {count} = {Tape("int")}.Pop();");
                        if (f.Start is not Lit) w.Line(LineKind.Pop, $"int {start} = {Tape("int")}.Pop();");
                    }
                    var snapshot = _tbr.RangeSnapshot(f);
                    if (snapshot is null || f.Body.Any(HasReverseWork))
                    {
                        var promoted = OpenPromotions(f, count, w);
                        string iter = _c.Fresh("k");
                        w.OpenLoop($"for (int {iter} = {count} - 1; {iter} >= 0; {iter}--)", _c.Printer.EnterLoop(f));
                        w.Line(f.Step switch
                        {
                            1 when start == "0" => $"{f.Var} = {iter};",
                            1 => $"{f.Var} = {start} + {iter};",
                            -1 => $"{f.Var} = {start} - {iter};",
                            _ => $"{f.Var} = {start} + {iter} * {f.Step};",
                        });
                        foreach (var (fill, why) in _tbr.RecomputedIn(f)) Recompute(fill, why, w);
                        Reverse(f.Body, depth + 1, w);
                        _c.Printer.ExitLoop();
                        w.Close();
                        ClosePromotions(promoted, w);
                    }
                    // The entries the loop overwrote, back in one block once every iteration's reverse has run.
                    if (snapshot is { } restored) w.Line(LineKind.Pop, $"{Tape(Facts.Types[restored.Array])}.PopRange({RangeView(restored.Array, start, count)});");
                    break;
                }
                case While wl when HasReverseWork(wl):
                {
                    string count = _control[wl][0];
                    if (depth > 0) w.Line(LineKind.Pop, $"int {count} = {Tape("int")}.Pop();");
                    string iter = _c.Fresh("k");
                    w.OpenLoop($"for (int {iter} = 0; {iter} < {count}; {iter}++)", _c.Printer.EnterLoop(wl));
                    Reverse(wl.Increment, depth + 1, w);
                    Reverse(wl.Body, depth + 1, w);
                    _c.Printer.ExitLoop();
                    w.Close();
                    break;
                }
            }
            // A loop may run no times, and its body's resets say nothing about the code before it.
            if (!followed) _zero.Clear();
        }
    }

    /// <summary>Runs a fill loop again, as the primal wrote it (ToBeRecorded.Recompute.cs): its entries for this iteration.</summary>
    private void Recompute(For fill, string why, CodeWriter w)
    {
        var a = (Assign)fill.Body[0];
        w.Line("// " + why);
        w.OpenLoop($"for ({fill.Var} = {_c.Print(fill.Start)}; {_c.Print(fill.Cond)}; {fill.Var}++)", _c.Printer.EnterLoop(fill));
        w.Line($"{_c.Print(a.Target)} = {_c.Print(a.Value)};");
        _c.Printer.ExitLoop();
        w.Close();
    }

    private void ReverseAssign(Assign a, CodeWriter w, IReadOnlyDictionary<Expr, Expr>? cached)
    {
        string target = _c.DerivativeOf(a.Target);
        if (a.Value is Call call)
        {
            string seed = _c.Fresh("seed");
            w.Line($"var {seed} = {target};");
            w.Line($"{target} = {ExprPrinter.Literal(a.Target.Type, 0)};");
            CallPullback(call, new Ref(call.Type, seed), w);
            _zero.Clear(); // the callee's pullback adds to the adjoints of its arguments
            return;
        }

        List<Term> terms = Linearize.Terms(a.Value, Act, _c.Policy, _c.KnownOutput(a));
        // x = x + f(...): the adjoint of x passes through unchanged, so it needs neither a copy nor a reset.
        var self = terms.Where(t => t.Leaf.Equals(a.Target)).ToList();
        bool passThrough = self.Count == 1 && self[0].Guard is null && E.IsLit(self[0].Coefficient, 1) && !terms.Any(t => t.Leaf is Elem el && a.Target is Elem te && el.Array == te.Array && !t.Leaf.Equals(a.Target));
        if (passThrough)
        {
            terms.Remove(self[0]);
            // An element's adjoint read by two or more terms is read once: between the terms' updates the JIT must
            // reload it (it cannot tell that the adjoint arrays they store into are other arrays), as in Qtimesx's
            // reverse, dl[idx] += dout[j] * x[i]; dx[i] += dout[j] * l[idx].
            if (a.Target is Elem && terms.Count > 1)
            {
                string seed = _c.Fresh("seed");
                w.Line($"var {seed} = {target};");
                target = seed;
            }
            Accumulate(terms, new Opaque(a.Target.Type, target), w, cached);
            return;
        }
        bool deadReset = _adjointZero?.DeadReset(a) == true;
        if (terms.Count == 0)
        {
            if (deadReset) w.Line($"// {target} is not reset: the next update of it in the reverse sweep assigns it");
            else w.Line($"{target} = {ExprPrinter.Literal(a.Target.Type, 0)};");
            if (a.Target is Ref) _zero.Add(target);
            return;
        }
        string s = _c.Fresh("seed");
        w.Line($"var {s} = {target};");
        // x = f(x): the reset is left to the one unguarded update of x's adjoint, which Accumulate then emits as an
        // assignment (nothing between reads the adjoint: the updates read the seed). Not for an element: another term's
        // a[j] may be the same entry as the target's a[i].
        bool assignSelf = a.Target is Ref && self.Count == 1 && self[0].Depth == 0;
        if (!assignSelf && deadReset) w.Line($"// {target} is not reset: the next update of it in the reverse sweep assigns it");
        else if (!assignSelf) w.Line($"{target} = {ExprPrinter.Literal(a.Target.Type, 0)};");
        if (a.Target is Ref) _zero.Add(target);
        Accumulate(terms, new Ref(a.Target.Type, s), w, cached);
    }

    private readonly Dictionary<Stmt, List<(Prim Prim, string Name)>> _caches = new(ReferenceComparer.Instance);

    /// <summary>
    /// Store rather than recompute: a nonlinear primitive value (exp, log, sin, …) that the statement computes and its
    /// reverse needs again is kept by the forward sweep, in a local at top level or on the tape inside loops. This makes
    /// e.g. log-sum-exp's reverse free of exp calls.
    /// </summary>
    private List<(Prim Prim, string Name)> Caches(Assign a, int depth) =>
        _caches[a] = Caches(a.Value, IsActiveTarget(a) && a.Value is not Call, _c.KnownOutput(a));

    /// <summary>The value the forward sweep returns, which a returned primitive's derivative may read (<c>0.5 / value</c> for √x).</summary>
    private Expr ReturnedValue(Return r) => new Ref(r.Value.Type, _value);

    private List<(Prim Prim, string Name)> ReturnCaches(Return r) =>
        _caches[r] = Caches(r.Value, Act.IsActive(r.Value) && r.Value.Type == M.RealType, ReturnedValue(r));

    private List<(Prim Prim, string Name)> Caches(Expr value, bool active, Expr? knownOutput)
    {
        var result = new List<(Prim Prim, string Name)>();
        if (active)
        {
            var needed = new HashSet<Expr>();
            foreach (Term t in Linearize.Terms(value, Act, _c.Policy, knownOutput)) CollectPrims(t.Coefficient, needed, underBranch: false);
            var computed = new List<Prim>();
            CollectPrimsInOrder(value, computed);
            foreach (Prim p in computed.Distinct())
            {
                if (needed.Contains(p) && Primitives.PrimitiveTable.Get(p.Name).Cost.Class == Primitives.CostClass.Nonlinear)
                {
                    result.Add((p, _c.Fresh("cached" + p.Name)));
                }
            }
        }
        return result;
    }

    private static Dictionary<Expr, Expr> CacheMap(List<(Prim Prim, string Name)> caches) =>
        caches.ToDictionary(c => (Expr)c.Prim, c => (Expr)new Ref(c.Prim.Type, c.Name));

    /// <summary>Primitive calls the coefficient evaluates unconditionally (not only inside a ?: branch).</summary>
    private static void CollectPrims(Expr e, HashSet<Expr> output, bool underBranch)
    {
        if (e is Prim p && !underBranch) output.Add(p);
        if (e is Cond c)
        {
            CollectPrims(c.C, output, underBranch);
            CollectPrims(c.A, output, true);
            CollectPrims(c.B, output, true);
            return;
        }
        foreach (Expr child in Ir.Children(e)) CollectPrims(child, output, underBranch);
    }

    /// <summary>Primitive calls the right-hand side always evaluates, innermost first (so caches can nest).</summary>
    private static void CollectPrimsInOrder(Expr e, List<Prim> output)
    {
        // Of a ?:, only the condition always runs.
        foreach (Expr child in e is Cond c ? new[] { c.C } : Ir.Children(e)) CollectPrimsInOrder(child, output);
        if (e is Prim p) output.Add(p);
    }

    /// <summary>
    /// Emits <c>dLeaf += seed·coefficient</c> for each term, sharing repeated subexpressions. Terms under ?: branches
    /// (a switch expression's arms) are nested under one <c>if</c>/<c>else</c> per condition, which is evaluated once,
    /// and each branch shares its own subexpressions: <c>_ =&gt; Math.Log(1 + Math.Exp(p - t))</c> computes its exp once
    /// for both adjoints, where one guarded line per term tested every condition and computed it again.
    /// </summary>
    private void Accumulate(List<Term> terms, Expr seed, CodeWriter w, IReadOnlyDictionary<Expr, Expr>? known = null, int depth = 0, string elsePrefix = "")
    {
        // Within a branch's block its terms run unconditionally: sharing hoists nothing C# would skip.
        var level = terms.Where(t => t.Depth == depth).ToList();
        var here = _c.Share(level.Select(t => t with { Path = null }).ToList(), w, known);
        for (int j = 0; j < here.Count; j++)
        {
            Term t = here[j];
            Expr delta = _c.Scaled(seed, t.Coefficient, t.Leaf.Type);
            string leaf = _c.DerivativeOf(t.Leaf);
            // An adjoint known to be zero gets its first update by assignment (see _zero, _zeroEntries); in a branch's
            // block the updates are conditional, and both only cover what runs unconditionally.
            if (depth == 0 && _zeroEntries.Remove(level[j].Leaf)) w.Line($"{leaf} = {_c.Print(delta)}; // zero until here: assigned, not added");
            else if (depth == 0 && _zero.Remove(leaf)) w.Line($"{leaf} = {_c.Print(delta)};");
            else w.Line(LineKind.Accumulate, delta is Un { Op: UnaryOp.Negate } neg ? $"{leaf} -= {_c.Print(neg.A)};" : $"{leaf} += {_c.Print(delta)};");
        }
        var deeper = terms.Where(t => t.Depth > depth).ToList();
        foreach (Term t in deeper)
        {
            _zero.Remove(_c.DerivativeOf(t.Leaf));
            _zeroEntries.Remove(t.Leaf);
        }
        foreach (Expr condition in deeper.Select(t => t.Path![depth].Condition).Distinct())
        {
            var whenTrue = deeper.Where(t => t.Path![depth].Condition.Equals(condition) && t.Path[depth].WhenTrue).ToList();
            var whenFalse = deeper.Where(t => t.Path![depth].Condition.Equals(condition) && !t.Path[depth].WhenTrue).ToList();
            w.Open(elsePrefix + (whenTrue.Count > 0 ? $"if ({_c.Print(condition)})" : $"if (!({_c.Print(condition)}))"));
            Accumulate(whenTrue.Count > 0 ? whenTrue : whenFalse, seed, w, known, depth + 1);
            w.Close();
            if (whenTrue.Count == 0 || whenFalse.Count == 0) continue;
            // An else holding one more choice and nothing else reads as `else if`, as a switch's arms do.
            if (whenFalse.All(t => t.Depth > depth + 1) && whenFalse.Select(t => t.Path![depth + 1].Condition).Distinct().Count() == 1)
            {
                Accumulate(whenFalse, seed, w, known, depth + 1, "else ");
                continue;
            }
            w.Open("else");
            Accumulate(whenFalse, seed, w, known, depth + 1);
            w.Close();
        }
    }

    /// <summary>
    /// The reverse of a vector-output call: the callee's pullback, seeded with the outputs' adjoints (which the call
    /// overwrote, so they are taken and zeroed), rerun on scratch outputs so the caller's arrays keep the values the
    /// rest of the reverse sweep reads.
    /// </summary>
    private void CallVectorPullback(CallStmt c, CodeWriter w)
    {
        Call call = c.Call;
        var primal = new List<string>();
        var seeds = new List<string>();
        var rented = new List<string>();
        // The arguments are printed for the call's line (CallPullback writes it): their operations are set aside from
        // the buffer lines written ahead of it.
        var printed = new List<IReadOnlyDictionary<string, int>?>();
        for (int i = 0; i < call.Args.Count; i++)
        {
            if (call.Target.Params[i].Kind != ParamKind.RealSpanOutput)
            {
                primal.Add(_c.Print(call.Args[i]));
                printed.Add(_c.Printer.TakeCounts());
                continue;
            }
            string array = CallStmt.ArrayOf(call.Args[i]), et = Facts.Types[array], length = _c.LengthOf(call.Args[i]);
            string output = _c.Fresh("output"), seed = _c.Fresh("seed");
            // A T[] output must have the array's exact length (the callee may read its Length); a span output takes a rented buffer.
            bool exact = call.Target.Params[i].IsArray;
            w.Line(exact ? $"var {output} = new {et}[{length}];" : $"var {output} = {Runtime}.AdjointBuffer.Rent<{et}>({length});");
            w.Line($"var {seed} = {Runtime}.AdjointBuffer.Rent<{et}>({length});");
            if (Act.IsActive(array))
            {
                string view = AdjointView(call.Args[i]);
                w.Line($"{view}.CopyTo({seed});");
                w.Line($"{view}.Clear();");
            }
            if (call.Target.Params[i].ReadsEntry) w.Line($"{ArrayView(call.Args[i])}.CopyTo({output});");
            primal.Add(exact ? output : $"new global::System.Span<{et}>({output}, 0, {length})");
            seeds.Add($"new global::System.ReadOnlySpan<{et}>({seed}, 0, {length})");
            if (!exact) rented.Add(output);
            rented.Add(seed);
        }
        foreach (var counts in printed) _c.Printer.PutBack(counts);
        CallPullback(call, primal, seeds, w);
        foreach (string r in rented) w.Line($"{Runtime}.AdjointBuffer.Return({r});");
    }

    /// <summary>Calls the callee's pullback (generated or [DerivativeOf]) and routes argument adjoints.</summary>
    private void CallPullback(Call call, Expr seed, CodeWriter w) => CallPullback(call, call.Args.Select(_c.Print).ToList(), new[] { _c.Print(seed) }, w);

    private void CallPullback(Call call, List<string> primal, IEnumerable<string> seeds, CodeWriter w)
    {
        // The arguments were printed for the call's line: set their operations aside while the lines ahead of it are written.
        var printed = _c.Printer.TakeCounts();
        var args = new List<string>(primal);
        args.AddRange(seeds);
        var after = new List<(Expr Arg, string Adjoint)>();
        var scratch = new List<string>();
        for (int i = 0; i < call.Args.Count; i++)
        {
            ParamShape shape = call.Target.Params[i];
            if (!shape.Differentiable || shape.Kind == ParamKind.RealSpanOutput) continue;
            Expr arg = call.Args[i];
            if (shape.Kind == ParamKind.Real)
            {
                if (arg is Ref r && Act.IsActive(r.Name))
                {
                    args.Add($"ref {_c.DerivativeName(r.Name)}");
                }
                else
                {
                    string tmp = _c.Fresh("d" + shape.Name);
                    w.Line($"{arg.Type} {tmp} = {ExprPrinter.Literal(arg.Type, 0)};");
                    args.Add($"ref {tmp}");
                    if (Act.IsActive(arg)) after.Add((arg, tmp));
                }
            }
            else
            {
                string array = CallStmt.ArrayOf(arg);
                if (Act.IsActive(array))
                {
                    args.Add(arg is Ref ? _c.DerivativeName(array) : AdjointView(arg));
                }
                else if (Facts.IsNested(array))
                {
                    args.Add(DerivativeContext.ZerosLike(_c.Print(arg)));
                }
                else
                {
                    string tmp = _c.Fresh("scratch");
                    string et = Facts.Types[array];
                    w.Line($"var {tmp} = {Runtime}.AdjointBuffer.Rent<{et}>({_c.LengthOf(arg)});");
                    args.Add($"new global::System.Span<{et}>({tmp}, 0, {_c.LengthOf(arg)})");
                    scratch.Add(tmp);
                }
            }
        }
        for (int i = 0; i < call.Args.Count; i++)
        {
            // An in-out output's contents before the call get the adjoint the callee gives them (its output adjoint
            // was taken and cleared above, so this is all it holds now).
            if (!call.Target.Params[i].InOut) continue;
            string array = CallStmt.ArrayOf(call.Args[i]);
            if (Act.IsActive(array))
            {
                args.Add(AdjointView(call.Args[i]));
                continue;
            }
            string tmp = _c.Fresh("scratch"), et = Facts.Types[array];
            w.Line($"var {tmp} = {Runtime}.AdjointBuffer.Rent<{et}>({_c.LengthOf(call.Args[i])});");
            args.Add($"new global::System.Span<{et}>({tmp}, 0, {_c.LengthOf(call.Args[i])})");
            scratch.Add(tmp);
        }
        if (call.Target.ExtraDerivativeArgs.Length > 0) args.Add(call.Target.ExtraDerivativeArgs);
        _c.Printer.PutBack(printed);
        if (IsSplit(call)) ReverseSplitCall(call, args, w);
        else w.Line($"{call.Target.PullbackReceiver}.{call.Target.PullbackName}{call.Target.TypeArguments}({string.Join(", ", args)});");
        foreach (string tmp in scratch) w.Line($"{Runtime}.AdjointBuffer.Return({tmp});");
        foreach (var (arg, adjoint) in after)
        {
            Accumulate(Linearize.Terms(arg, Act, _c.Policy), new Ref(arg.Type, adjoint), w);
        }
    }
}
