using System.Collections.Generic;
using System.Linq;
using SourceAD.Generators.IR;
using SourceAD.Generators.Model;
using SourceAD.Generators.Printing;

namespace SourceAD.Generators.Transforms;

/// <summary>What a checkpointed loop snapshots, for the cost analysis: its variables (type, name, whether an array) and slots (0: ⌈√T⌉).</summary>
internal sealed record CheckpointPlan(For Loop, int Snapshots, IReadOnlyList<(string Type, string Name, bool IsArray)> State);

/// <summary>
/// Checkpointed loops (<c>[Checkpoint("t")]</c>, issue 13). The forward sweep runs the loop as the primal does, taping
/// nothing, and keeps only its entry state (slot 0) and trip count. At the loop's place the reverse sweep drives a
/// <c>SourceAD.Runtime.BinomialSchedule</c>: Advance reruns primal steps, Snapshot/Restore copy the loop-carried state
/// (every variable the body writes) into/from pooled slots, and the reversal of step t runs the body's forward sweep
/// with recording (the same <see cref="Forward"/> as any loop body) and at once its reverse (<see cref="Reverse"/>),
/// which pops what it pushed. After the last step (t = 0) the entry state is restored, so the statements before the
/// loop see it as their reverse expects: the TBR invariant (ToBeRecorded: replayed loops).
/// </summary>
internal sealed partial class PullbackEmitter
{
    private Dictionary<For, CheckpointSpec>? _checkpointed;
    private readonly Dictionary<string, string> _snapshotStores = new();
    private readonly Dictionary<For, (string Start, string Trips)> _checkpointControl = new(ReferenceComparer.Instance);

    /// <summary>The checkpointed loops, as the cost analysis prices them.</summary>
    public List<CheckpointPlan> CheckpointPlans { get; } = new();

    /// <summary>Set while a checkpointed step's taped forward runs: its pushes are popped within the step.</summary>
    private For? _stepOf;

    /// <summary>Whether the primal being emitted is a replay (no effects: Console output ran once, in the forward sweep).</summary>
    private bool _replaying;

    private Dictionary<For, CheckpointSpec> Checkpointed => _checkpointed ??= FindCheckpointed();

    private Dictionary<For, CheckpointSpec> FindCheckpointed()
    {
        var found = new Dictionary<For, CheckpointSpec>(ReferenceComparer.Instance);
        // Split sweeps (self-recursive calls) keep taping: their reverse is another method.
        if (_split is not null || M.Checkpoints.Count == 0) return found;
        void Walk(IEnumerable<Stmt> stmts)
        {
            foreach (Stmt s in stmts)
            {
                if (s is For f && M.Checkpoints.FirstOrDefault(c => c.LoopVariable == f.Var) is CheckpointSpec spec) found[f] = spec;
                if (s is If i) { Walk(i.Then); Walk(i.Else); }
            }
        }
        Walk(M.Body);
        return found;
    }

    private bool IsCheckpointed(For f) => Checkpointed.ContainsKey(f) && HasReverseWork(f);

    /// <summary>Whether a checkpointed loop writes <paramref name="array"/> (the reverse sweep then rewrites it: outputs are saved).</summary>
    private bool CheckpointWrites(string array) => Checkpointed.Keys.Any(f => IsCheckpointed(f) && CarriedState(f).Any(v => v.Name == array));

    /// <summary>
    /// The loop-carried state: every scalar and array the body writes (assignments, call outputs, arrays a callee edits
    /// in place), the loop variable excepted (the schedule sets it). Variables only read need no copy: the TBR analysis
    /// keeps them as the replay reads them.
    /// </summary>
    private List<(string Type, string Name, bool IsArray)> CarriedState(For f)
    {
        var names = new List<string>();
        void Add(string n) { if (n != f.Var && !names.Contains(n)) names.Add(n); }
        foreach (Stmt s in Ir.Descendants(f.Body))
        {
            switch (s)
            {
                case Assign { Target: Ref r }: Add(r.Name); break;
                case Assign { Target: Elem el }: Add(el.Array); break;
                case CallStmt c: foreach (Expr o in c.Outputs) Add(CallStmt.ArrayOf(o)); break;
            }
            Call? call = s switch { CallStmt c => c.Call, Assign { Value: Call c } => c, _ => null };
            if (call is null) continue;
            for (int i = 0; i < call.Args.Count; i++)
            {
                if (call.Target.Params[i].Written && call.Args[i] is Ref { Name: var edited }) Add(edited);
            }
        }
        // Inner counted loops' variables are set by their loops before any read.
        var inner = new HashSet<string>(Ir.Descendants(f.Body).OfType<For>().Select(x => x.Var));
        return names.Where(n => !inner.Contains(n)).Select(n => (Facts.Types[n], n, Facts.Arrays.Contains(n))).ToList();
    }

    private string SnapshotStore(string type)
    {
        if (!_snapshotStores.TryGetValue(type, out string? name))
        {
            name = _c.Fresh("snapshots" + char.ToUpperInvariant(type.Split('.').Last()[0]));
            _snapshotStores[type] = name;
        }
        return name;
    }

    /// <summary>The forward sweep of a checkpointed loop: the entry state into slot 0, then the primal loop, counting its steps.</summary>
    private void ForwardCheckpointed(For f, CodeWriter w)
    {
        var state = CarriedState(f);
        CheckpointSpec spec = Checkpointed[f];
        CheckpointPlans.Add(new CheckpointPlan(f, spec.Snapshots, state));
        string start = _c.Fresh(f.Var + "Start"), trips = _c.Fresh(f.Var + "Trips");
        _checkpointControl[f] = (start, trips);
        _hoisted.Add($"int {start} = 0, {trips} = 0;");
        w.Line($"// checkpoint the loop over {f.Var} (binomial schedule, {(spec.Snapshots > 0 ? spec.Snapshots + " snapshots" : "⌈√T⌉ snapshots")}): a snapshot holds what its body writes " +
               $"({string.Join(", ", state.Select(v => v.Name))}), so the reverse sweep reruns steps from snapshots instead of taping each step");
        foreach (var group in state.GroupBy(v => v.Type))
        {
            string width = string.Join(" + ", new[] { group.Count(v => !v.IsArray).ToString(System.Globalization.CultureInfo.InvariantCulture) }
                .Where(x => x != "0").Concat(group.Where(v => v.IsArray).Select(v => v.Name + ".Length")).DefaultIfEmpty("0"));
            w.Line($"{SnapshotStore(group.Key)}.Begin({width});");
        }
        Save(state, "0", w);
        w.Line($"{start} = {_c.Print(f.Start)};");
        w.Line($"{trips} = 0;");
        w.OpenLoop($"for ({f.Var} = {start}; {_c.Print(f.Cond)}; {f.StepText})", _c.Printer.EnterLoop(f));
        w.Line($"{trips}++;");
        Primal(f.Body, w);
        _c.Printer.ExitLoop();
        w.Close();
    }

    /// <summary>The reverse sweep of a checkpointed loop: the schedule's actions, then the entry state back.</summary>
    private void ReverseCheckpointed(For f, CodeWriter w)
    {
        var state = CarriedState(f);
        CheckpointSpec spec = Checkpointed[f];
        var (start, trips) = _checkpointControl[f];
        string slots = _c.Fresh(f.Var + "Slots"), schedule = _c.Fresh(f.Var + "Schedule"), action = _c.Fresh("action"), k = _c.Fresh("k");
        const string Action = Runtime + ".CheckpointAction";
        w.Line($"// the loop over {f.Var}, checkpointed: its steps are reversed last first, each rerun from the nearest snapshot and taped for that step only");
        w.Line(spec.Snapshots > 0
            ? $"int {slots} = {spec.Snapshots};"
            : $"int {slots} = {Runtime}.BinomialSchedule.DefaultSlots({trips});");
        foreach (string type in state.Select(v => v.Type).Distinct()) w.Line($"{SnapshotStore(type)}.Reserve({slots});");
        w.Line($"var {schedule} = new {Runtime}.BinomialSchedule({trips}, {slots});");
        w.Open("try");
        // The schedule's loop is no loop of the program: a plain block, its lines in the enclosing scope; the advance
        // and the step below open the scopes of f's body (OpenLoop), which the cost analysis multiplies by f's trips.
        w.Open($"for (var {action} = {schedule}.Next(); {action} != {Action}.Done; {action} = {schedule}.Next())");
        w.Open($"switch ({action})");
        w.Line($"case {Action}.Advance:");
        w.OpenLoop($"for (int {k} = {schedule}.Step; {k} < {schedule}.Step + {schedule}.Count; {k}++)", _c.Printer.EnterLoop(f));
        w.Line($"{f.Var} = {Position(f, start, k)};");
        _replaying = true;
        Primal(f.Body, w);
        _replaying = false;
        _c.Printer.ExitLoop();
        w.Close();
        w.Line("break;");
        w.Line($"case {Action}.Snapshot:");
        Save(state, $"{schedule}.Slot", w);
        w.Line("break;");
        w.Line($"case {Action}.Restore:");
        Restore(state, $"{schedule}.Slot", w);
        w.Line("break;");
        w.Line("default:");
        w.OpenLoop("", _c.Printer.EnterLoop(f));
        w.Line($"{f.Var} = {Position(f, start, $"{schedule}.Step")};");
        // The step's own forward sweep with recording, then its reverse: the same code as any loop body's.
        _stepOf = f;
        _replaying = true;
        w.Open("");
        Forward(f.Body, 1, w, _value);
        w.Close();
        _replaying = false;
        _stepOf = null;
        w.Open("");
        foreach (var (fill, why) in _tbr.RecomputedIn(f)) Recompute(fill, why, w);
        Reverse(f.Body, 1, w);
        w.Close();
        _c.Printer.ExitLoop();
        w.Line("break;");
        w.Close();
        w.Close();
        w.Close();
        w.Close();
        w.Open("finally");
        w.Line($"{schedule}.Dispose();");
        w.Close();
        w.Line($"// the entry state back: the statements before the loop reverse with the values they saw");
        Restore(state, "0", w);
    }

    /// <summary>The loop variable's value at step <paramref name="index"/>.</summary>
    private static string Position(For f, string start, string index) =>
        f.Step == 1 ? $"{start} + {index}" : f.Step == -1 ? $"{start} - {index}" : $"{start} + {index} * {f.Step}";

    private void Save(List<(string Type, string Name, bool IsArray)> state, string slot, CodeWriter w) => Copy(state, slot, w, save: true);

    private void Restore(List<(string Type, string Name, bool IsArray)> state, string slot, CodeWriter w) => Copy(state, slot, w, save: false);

    private void Copy(List<(string Type, string Name, bool IsArray)> state, string slot, CodeWriter w, bool save)
    {
        w.Open("");
        foreach (var group in state.GroupBy(v => v.Type))
        {
            string s = _c.Fresh("slot");
            w.Line($"var {s} = {SnapshotStore(group.Key)}.Slot({slot});");
            int i = 0;
            foreach (var v in group.Where(v => !v.IsArray))
            {
                w.Line(save ? $"{s}[{i}] = {v.Name};" : $"{v.Name} = {s}[{i}];");
                i++;
            }
            string offset = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            foreach (var v in group.Where(v => v.IsArray))
            {
                w.Line(save
                    ? $"((global::System.ReadOnlySpan<{group.Key}>){v.Name}).CopyTo({s}.Slice({offset}, {v.Name}.Length));"
                    : $"{s}.Slice({offset}, {v.Name}.Length).CopyTo({v.Name});");
                offset = offset == "0" ? $"{v.Name}.Length" : $"{offset} + {v.Name}.Length";
            }
        }
        w.Close();
    }

    /// <summary>The primal statements as the method runs them, nothing recorded (the advance of a checkpointed loop).</summary>
    private void Primal(IEnumerable<Stmt> stmts, CodeWriter w)
    {
        foreach (Stmt s in stmts)
        {
            switch (s)
            {
                case Assign a:
                    w.Line($"{_c.Print(a.Target)} = {_c.Print(a.Value)};");
                    break;
                case If i:
                    w.Open($"if ({_c.Print(i.Cond)})");
                    Primal(i.Then, w);
                    w.Close();
                    if (i.Else.Count > 0)
                    {
                        w.Open("else");
                        Primal(i.Else, w);
                        w.Close();
                    }
                    break;
                case For f:
                    w.OpenLoop($"for ({f.Var} = {_c.Print(f.Start)}; {_c.Print(f.Cond)}; {f.StepText})", _c.Printer.EnterLoop(f));
                    Primal(f.Body, w);
                    _c.Printer.ExitLoop();
                    w.Close();
                    break;
                case While wl:
                    w.OpenLoop(wl.ConditionAtBottom ? "do" : $"while ({_c.Print(wl.Cond)})", _c.Printer.EnterLoop(wl));
                    Primal(wl.Body, w);
                    Primal(wl.Increment, w);
                    _c.Printer.ExitLoop();
                    w.Close(wl.ConditionAtBottom ? $" while ({_c.Print(wl.Cond)});" : "");
                    break;
                case ThrowStmt t:
                    w.Line(t.Text);
                    break;
                case EffectStmt e:
                    if (!_replaying) w.Line(e.Text);
                    break;
                case CallStmt c:
                    foreach (string check in _c.DisjointChecks(c)) w.Line(check);
                    w.Line($"{_c.Print(c.Call)};");
                    break;
                case NewArray na:
                    // Refused inside checkpointed loops by the lowering; elsewhere in a body, as the forward sweep allocates.
                    w.Line(_c.Allocation(na, na.Name));
                    break;
            }
        }
    }
}
