using System;
using System.Collections.Generic;
using System.Linq;
using SourceAD.Generators.Analyses;
using SourceAD.Generators.IR;
using SourceAD.Generators.Model;
using SourceAD.Generators.Printing;
using SourceAD.Generators.Transforms;

namespace SourceAD.Generators.Cost;

/// <summary>
/// The static cost analysis of one [Differentiable] method (thesis §2.4, Theorem 3). cost(P) counts the floating
/// operations of the lowered primal; the pullback's cost and tape are counted on the code the generator really emits
/// (<see cref="PullbackEmitter"/> printing through <see cref="ExprPrinter"/>, and the kinds of the lines it writes,
/// <see cref="LineKind"/>), each operation weighted by its primitive-table cost and multiplied by the trip counts of
/// the loops around it.
/// </summary>
internal static class CostAnalysis
{
    /// <summary>The sizes at which a formula ratio is evaluated: the reported ratio is the largest (worst case).</summary>
    public static readonly double[] SampleSizes = { 1, 2, 10, 100, 1000 };

    /// <summary>Analyzes <paramref name="m"/> under <paramref name="cost"/>.</summary>
    public static CostFigures Analyze(MethodModel m, CostModel cost)
    {
        var context = new DerivativeContext(m);
        var trips = new TripCounts(context.Facts);

        // cost(P): print the primal through a counting printer, statement by statement, as lines in its loop blocks.
        var primalPrinter = new ExprPrinter();
        var primalLines = new CodeWriter(primalPrinter);
        PrintPrimal(m.Body, primalPrinter, primalLines);
        var primalCounts = Counts(primalLines, primalPrinter);
        Polynomial primal = Total(primalPrinter.Scopes, primalCounts, trips, cost);

        // ω_b and ω_f: Theorem 3's maxima over the operations of P, |pr| = active operands.
        var ops = new List<(string Op, int Pr)>();
        foreach (Expr e in Expressions(m.Body)) CollectOps(e, context.Activity, ops);
        var distinct = ops.Distinct().ToList();
        (string Op, int Pr) worst = distinct.OrderByDescending(o => cost.BackwardOmega(o.Op, o.Pr)).ThenBy(o => o.Op, StringComparer.Ordinal).FirstOrDefault();
        double omegaB = distinct.Count == 0 ? 0 : cost.BackwardOmega(worst.Op, worst.Pr);
        var forward = distinct.Select(o => cost.ForwardOmega(o.Op, o.Pr)).OrderByDescending(f => f.B).ThenByDescending(f => f.A).FirstOrDefault();

        // The pullback, as emitted.
        var pullback = new PullbackEmitter(context);
        var writer = new CodeWriter(context.Printer);
        pullback.EmitBody(writer);
        var pullbackCounts = Counts(writer, context.Printer);
        Polynomial pullbackCost = Total(context.Printer.Scopes, pullbackCounts, trips, cost);
        // The tape, from the emitter's own list of push sites (values, and bytes by element type).
        Polynomial tape = Polynomial.Zero, tapeBytes = Polynomial.Zero;
        var records = new List<(TapeRecord Record, Polynomial Bytes)>();
        foreach (TapeRecord r in pullback.TapePlan)
        {
            // A push in a checkpointed step is popped within the step: the tape holds one step's records at a time.
            Polynomial values = Multiplicity(r.Scope, trips, r.StepOf) * (r.WholeArray is string array ? trips.LengthOf(array) : Polynomial.Constant(1));
            tape += values;
            Polynomial bytes = values * Bytes(r.ElementType);
            tapeBytes += bytes;
            records.Add((r, bytes));
        }
        // A checkpointed loop's snapshots take the place of its per-step tape (Cost/CheckpointCost.cs).
        var checkpoints = new List<string>();
        foreach (CheckpointPlan plan in pullback.CheckpointPlans)
        {
            long steps = (long)Math.Max(1, trips.Of(plan.Loop).Evaluate(_ => CheckpointCost.SampleTrips));
            Polynomial bytes = CheckpointCost.Bytes(plan, trips, CheckpointCost.Slots(plan, steps));
            tapeBytes += bytes;
            tape += plan.State.Aggregate(Polynomial.Zero, (sum, v) => sum + (v.IsArray ? trips.LengthOf(v.Name) : Polynomial.Constant(1))) * CheckpointCost.Slots(plan, steps);
            checkpoints.Add(CheckpointCost.Describe(plan, trips));
        }
        Polynomial workingSet = WorkingSet(m, context.Facts, trips);
        string tapeResponsible = records.Count == 0 ? "none" : Where(records.OrderByDescending(x => x.Bytes.Evaluate(_ => SampleSizes[SampleSizes.Length - 1])).First().Record);

        Polynomial inputs = Polynomial.Zero;
        foreach (Param p in m.Params.Where(p => p.Differentiable && p.Kind != ParamKind.RealSpanOutput))
        {
            inputs += p.Kind == ParamKind.Real ? Polynomial.Constant(1) : Polynomial.Symbol(TripCounts.LengthSymbol(p.Name));
        }

        // The worst ratio over sample sizes; the responsible operation is the one the reverse sweep multiplies most.
        double? ratio = null;
        foreach (double n in SampleSizes)
        {
            double p = primal.Evaluate(_ => n), b = pullbackCost.Evaluate(_ => n);
            if (p > 0) ratio = Math.Max(ratio ?? 0, b / p);
        }
        return new CostFigures(m.Name, cost, primal, pullbackCost, tape, omegaB, Describe(worst), forward.A, forward.B, inputs, ratio,
            trips.Unknown, Responsible(primalPrinter.Scopes, primalCounts, context.Printer.Scopes, pullbackCounts, trips, cost, omegaB))
        {
            TapeBytes = tapeBytes,
            WorkingSet = workingSet,
            TapeResponsible = tapeResponsible,
            Checkpoints = string.Join("; ", checkpoints),
        };
    }

    /// <summary>
    /// The weighted operation count of <paramref name="m"/>'s body per pass: printed as lines through a counting printer
    /// (as cost(P) is), each loop body counted once, so the figure is per iteration and needs no trip counts. SRCAD1003
    /// counts a [DerivativeOf] method and its target so, both lowered in count-only mode (MethodPipeline.LowerForCount).
    /// </summary>
    public static double PerPass(MethodModel m, CostModel cost)
    {
        var printer = new ExprPrinter();
        var lines = new CodeWriter(printer);
        PrintPrimal(m.Body, printer, lines);
        var counts = Counts(lines, printer);
        return printer.Scopes.Sum(s => Cost(s, counts, cost));
    }

    /// <summary>
    /// What the written lines execute, per loop scope (<see cref="CodeWriter.Scoped"/>): each line's floating operations
    /// (<see cref="WrittenLine.Ops"/>, what the printer printed for it) and, for an adjoint accumulation (<c>dx += δ</c>,
    /// written around the printed δ, so the printer does not count it), one addition. The one structure both cost(P)
    /// and the pullback's cost are counted from (issue 17). Throws when operations were printed that no line took: they
    /// would drop out of the figures unseen.
    /// </summary>
    private static Dictionary<LoopScope, Dictionary<string, int>> Counts(CodeWriter lines, ExprPrinter printer)
    {
        if (printer.HasUntakenCounts) throw new InvalidOperationException("Operations were printed that no written line took: the cost figures would miss them.");
        var result = new Dictionary<LoopScope, Dictionary<string, int>>();
        foreach (var (line, scope) in lines.Scoped(printer.Scopes[0]))
        {
            if (line.Ops is null && line.Kind != LineKind.Accumulate) continue;
            if (!result.TryGetValue(scope, out var counts)) result[scope] = counts = new Dictionary<string, int>();
            if (line.Ops is not null)
            {
                foreach (var kv in line.Ops) counts[kv.Key] = (counts.TryGetValue(kv.Key, out int n) ? n : 0) + kv.Value;
            }
            if (line.Kind == LineKind.Accumulate) counts[Accumulation] = (counts.TryGetValue(Accumulation, out int a) ? a : 0) + 1;
        }
        return result;
    }

    /// <summary>The key under which <see cref="Counts"/> keeps a scope's adjoint accumulations (no primitive row is named so).</summary>
    private const string Accumulation = "+=";

    /// <summary>Bytes per value of a tape's or a variable's element type (<see cref="IrType.Bytes"/>).</summary>
    internal static double Bytes(string type) => IrType.Of(type).Bytes;

    /// <summary>
    /// The primal's working memory: its parameters (arrays by length) and locals (local arrays by their allocated length),
    /// the memory the method touches whatever its derivative records.
    /// </summary>
    private static Polynomial WorkingSet(MethodModel m, VariableFacts facts, TripCounts trips)
    {
        Polynomial total = Polynomial.Zero;
        foreach (Param p in m.Params)
        {
            bool array = facts.Arrays.Contains(p.Name);
            total += (array ? trips.LengthOf(p.Name) : Polynomial.Constant(1)) * Bytes(p.ElementType);
        }
        foreach (Local l in m.Locals)
        {
            total += (l.IsArray ? trips.LengthOf(l.Name) : Polynomial.Constant(1)) * Bytes(l.ElementType);
        }
        return total;
    }

    /// <summary>A push site named for SRCAD1010: what it records and why, and the loops it runs in.</summary>
    private static string Where(TapeRecord r)
    {
        var loops = new List<string>();
        for (LoopScope? s = r.Scope; s?.Loop is Stmt loop; s = s.Parent) loops.Add(loop is For f ? f.Var : "a while loop");
        string place = loops.Count == 0 ? "outside loops" : "in the loops over " + string.Join(", ", Enumerable.Reverse(loops));
        return $"'{r.What}' {place}";
    }

    private static string Describe((string Op, int Pr) o) => o.Op is null ? "none" : o.Op + (o.Pr == 1 && o.Op is "Add" or "Sub" or "Mul" ? "c" : "") + $" (|pr| = {o.Pr})";

    /// <summary>
    /// What SRCAD1002 names: first the loop (or the method-level code) whose pullback exceeds ω_b times its share of
    /// cost(P) the most, at the largest sample size; then, in it, the non-arithmetic primitive the pullback evaluates
    /// more often than the primal (a value the reverse sweep recomputes, or a derivative rule costlier than its table
    /// cost(gd)), else the arithmetic that grows most (the adjoint accumulations of eq. 2.10).
    /// </summary>
    private static string Responsible(List<LoopScope> primal, Dictionary<LoopScope, Dictionary<string, int>> primalCounts,
        List<LoopScope> pullback, Dictionary<LoopScope, Dictionary<string, int>> pullbackCounts, TripCounts trips, CostModel cost, double omegaB)
    {
        double size = SampleSizes[SampleSizes.Length - 1];
        var loops = primal.Concat(pullback).Select(s => s.Loop).Distinct().ToList();
        double Excess(object? loop) =>
            pullback.Where(s => s.Loop == loop).Sum(s => Cost(s, pullbackCounts, cost) * Multiplicity(s, trips).Evaluate(_ => size)) -
            omegaB * primal.Where(s => s.Loop == loop).Sum(s => Cost(s, primalCounts, cost) * Multiplicity(s, trips).Evaluate(_ => size));
        object? where = loops.OrderByDescending(Excess).First();
        string place = where switch
        {
            For f => $"in the loop over {f.Var}",
            While => "in a while loop",
            _ => "outside loops",
        };
        var before = Flatten(primal.Where(s => s.Loop == where), primalCounts);
        var after = Flatten(pullback.Where(s => s.Loop == where), pullbackCounts);
        // dx += δ: one addition each, counted as Add.
        if (after.TryGetValue(Accumulation, out int adds))
        {
            after.Remove(Accumulation);
            after["Add"] = (after.TryGetValue("Add", out int a) ? a : 0) + adds;
        }
        before.Remove(Accumulation);
        int Extra(string op) => (after.TryGetValue(op, out int n) ? n : 0) - (before.TryGetValue(op, out int m) ? m : 0);
        var nonlinear = after.Keys.Where(op => op is not ("Add" or "Sub" or "Mul" or "Neg") && Extra(op) > 0)
            .OrderByDescending(op => Extra(op) * cost.Primal(op)).ThenBy(op => op, StringComparer.Ordinal).ToList();
        if (nonlinear.Count > 0)
        {
            int extra = Extra(nonlinear[0]);
            return $"'{nonlinear[0]}' {place}, evaluated {extra} more time{(extra == 1 ? "" : "s")} per pass by the pullback than by the primal " +
                   "(recomputed for the reverse sweep or needed by its derivative rule)";
        }
        string? top = after.Keys.OrderByDescending(op => Extra(op) * cost.Primal(op)).ThenBy(op => op, StringComparer.Ordinal).FirstOrDefault();
        return top is null ? "none" : $"'{top}' {place} (adjoint accumulations and the arithmetic of derivative rules)";
    }

    /// <summary>One pass of scope <paramref name="s"/>: Σ op counts · cost(op), an adjoint accumulation costing cost(+).</summary>
    private static double Cost(LoopScope s, Dictionary<LoopScope, Dictionary<string, int>> counts, CostModel cost) =>
        !counts.TryGetValue(s, out var c) ? 0
        : c.Where(kv => kv.Key != Accumulation).Sum(kv => kv.Value * cost.Primal(kv.Key)) + (c.TryGetValue(Accumulation, out int adds) ? adds * cost.Plus : 0);

    private static Dictionary<string, int> Flatten(IEnumerable<LoopScope> scopes, Dictionary<LoopScope, Dictionary<string, int>> counts)
    {
        var d = new Dictionary<string, int>();
        foreach (LoopScope s in scopes)
        {
            if (!counts.TryGetValue(s, out var c)) continue;
            foreach (var kv in c) d[kv.Key] = (d.TryGetValue(kv.Key, out int n) ? n : 0) + kv.Value;
        }
        return d;
    }

    /// <summary>Σ over scopes of (Σ op counts · cost(op) + accumulations · cost(+)) · multiplicity.</summary>
    private static Polynomial Total(List<LoopScope> scopes, Dictionary<LoopScope, Dictionary<string, int>> counts, TripCounts trips, CostModel cost)
    {
        Polynomial total = Polynomial.Zero;
        foreach (LoopScope s in scopes)
        {
            double local = Cost(s, counts, cost);
            if (local != 0) total += Multiplicity(s, trips) * local;
        }
        return total;
    }

    private static Polynomial Multiplicity(LoopScope s, TripCounts trips, Stmt? except = null)
    {
        Polynomial m = Polynomial.Constant(1);
        for (LoopScope? x = s; x?.Loop is Stmt loop; x = x.Parent)
        {
            if (!ReferenceEquals(loop, except)) m *= trips.Of(loop);
        }
        return m;
    }

    // ------------------------------------------------------------------ the primal

    /// <summary>
    /// Writes the primal as lines (a statement's line carries the operations printed for it) in blocks, each loop's
    /// body opened for its printer scope; the text is for reading only, never emitted.
    /// </summary>
    private static void PrintPrimal(IEnumerable<Stmt> stmts, ExprPrinter p, CodeWriter w)
    {
        foreach (Stmt s in stmts)
        {
            switch (s)
            {
                case Assign a: w.Line($"{p.Print(a.Target)} = {p.Print(a.Value)};"); break;
                case NewArray na: w.Line($"new [{p.Print(na.Length)}];"); break;
                case If i:
                    w.Open($"if ({p.Print(i.Cond)})");
                    PrintPrimal(i.Then, p, w);
                    w.Close().Open("else");
                    PrintPrimal(i.Else, p, w);
                    w.Close();
                    break;
                case For f:
                    w.OpenLoop($"for ({p.Print(f.Start)}; {p.Print(f.Cond)};)", p.EnterLoop(f));
                    PrintPrimal(f.Body, p, w);
                    p.ExitLoop();
                    w.Close();
                    break;
                case While wl:
                    w.OpenLoop($"while ({p.Print(wl.Cond)})", p.EnterLoop(wl));
                    PrintPrimal(wl.Body, p, w);
                    PrintPrimal(wl.Increment, p, w);
                    p.ExitLoop();
                    w.Close();
                    break;
                case Return r: w.Line($"return {p.Print(r.Value)};"); break;
                case CallStmt c: w.Line(p.Print(c.Call) + ";"); break;
            }
        }
    }

    /// <summary>The right-hand sides and returned values: where the program's floating operations are.</summary>
    private static IEnumerable<Expr> Expressions(IEnumerable<Stmt> stmts) =>
        Ir.Descendants(stmts).SelectMany(s => s switch { Assign a => new[] { a.Value }, Return r => new[] { r.Value }, _ => System.Array.Empty<Expr>() });

    /// <summary>The floating operations of <paramref name="e"/> with their active operand counts, as ExprPrinter counts them.</summary>
    private static void CollectOps(Expr e, Activity activity, List<(string, int)> ops)
    {
        int Active(IEnumerable<Expr> args) => args.Count(activity.IsActive);
        switch (e)
        {
            case Un u when Operators.Row(u.Op) is string row && u.Type.IsReal:
                ops.Add((row, Active(new[] { u.A })));
                break;
            case Bin b when Operators.Row(b.Op) is string row && b.Type.IsReal:
                ops.Add((row, Active(new[] { b.A, b.B })));
                break;
            case Prim p when p.Args[0].Type.IsReal:
                ops.Add((p.Name, Active(p.Args)));
                break;
        }
        foreach (Expr child in Ir.Children(e)) CollectOps(child, activity, ops);
    }
}
