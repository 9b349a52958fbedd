using System.Collections.Generic;
using System.Linq;
using SourceAD.Generators.Analyses;
using SourceAD.Generators.IR;
using SourceAD.Generators.Model;
using SourceAD.Generators.Printing;

namespace SourceAD.Generators.Transforms;

/// <summary>
/// Adjoint accumulators held in locals across a reverse loop (issue 13). GradBench's gmm (Qtimesx,
/// <c>out[j] = out[j] + l[idx] * x[i]</c> over j) reverses into <c>dx[i] += dout[j] * l[idx]</c> for every j: one
/// element's adjoint updated on every iteration. Written to the array, each update waits for the previous store to
/// reach memory (the JIT cannot keep it in a register: it cannot tell that the other adjoints stored in the loop do not
/// alias it), which made that loop about 1.3 times slower. So when every mention of a local array in a reverse loop is
/// the same element at an index the loop does not change, the element's adjoint is read into a local before the loop,
/// accumulated there, and written back after it.
/// </summary>
/// <remarks>
/// Only local arrays: their adjoints are buffers of the pullback's own, so no other adjoint the loop updates can share
/// their storage (two adjoint spans a caller passes might), and only ones no array bind aliases. The array must not be
/// written, allocated, passed to a call or sliced in the loop, and the index must read nothing the loop assigns; then
/// its value, and so the element, is the same in every iteration of the reverse loop, where the variables the loop does
/// not assign hold their values from before it (the reverse sweep's invariant). The read and the write-back are guarded
/// by the trip count, since with no iterations the index may be out of range.
/// </remarks>
internal sealed partial class PullbackEmitter
{
    private List<(Elem Element, string Local, bool Value)> OpenPromotions(For f, string count, CodeWriter w)
    {
        var promoted = new List<(Elem, string, bool)>();
        var (adjoints, values) = Promotable(f);
        foreach (Elem el in adjoints)
        {
            string local = _c.Fresh("acc" + char.ToUpperInvariant(el.Array[0]) + el.Array.Substring(1));
            if (promoted.Count == 0) w.Open($"if ({count} > 0)");
            w.Line($"// the adjoint of {_c.Print(el)} is accumulated in a local over this loop: its index does not change in it");
            w.Line($"var {local} = {_c.DerivativeOf(el)};");
            _c.Promote(el.Array, local);
            promoted.Add((el, local, false));
        }
        foreach (Elem el in values)
        {
            string local = _c.Fresh(el.Array + "Value");
            if (promoted.Count == 0) w.Open($"if ({count} > 0)");
            w.Line($"// {_c.Print(el)} is read once: the loop changes neither the array nor the index");
            w.Line($"var {local} = {_c.Print(el)};");
            _c.Printer.HoldValue(el, local);
            promoted.Add((el, local, true));
        }
        return promoted;
    }

    private void ClosePromotions(List<(Elem Element, string Local, bool Value)> promoted, CodeWriter w)
    {
        if (promoted.Count == 0) return;
        foreach (var (el, local, value) in promoted)
        {
            if (value)
            {
                _c.Printer.ReleaseValue(el);
                continue;
            }
            _c.Unpromote(el.Array);
            w.Line($"{_c.DerivativeOf(el)} = {local};");
        }
        w.Close();
    }

    /// <summary>
    /// The elements of local arrays whose adjoints the reverse of <paramref name="f"/> may hold in locals (see the type's
    /// remarks), and the elements whose values its derivatives read that it may read once before the loop: of an array
    /// the loop does not write (nor any array bound to the same storage) at an index it does not change, so the reverse
    /// of the loop, which restores only what the loop writes, leaves the element as it is.
    /// </summary>
    private (List<Elem> Adjoints, List<Elem> Values) Promotable(For f)
    {
        var adjoints = new List<Elem>();
        var values = new List<Elem>();
        var stmts = Ir.Descendants(f.Body).ToList();
        var assigned = new HashSet<string> { f.Var };
        foreach (Stmt s in stmts)
        {
            switch (s)
            {
                case Assign { Target: Ref r }: assigned.Add(r.Name); break;
                case Assign { Target: Elem e }: assigned.Add(e.Array); break;
                case NewArray na: assigned.Add(na.Name); break;
                case For inner: assigned.Add(inner.Var); break;
                case CallStmt c: foreach (Expr o in c.Outputs) assigned.Add(CallStmt.ArrayOf(o)); break;
            }
        }
        var elements = new Dictionary<string, Elem?>();
        var disqualified = new HashSet<string>();
        foreach (Expr e in Ir.AllExpressions(f.Body))
        {
            switch (e)
            {
                case Elem el when el.Inner.Count == 0 && !el.Jagged:
                    if (!elements.TryGetValue(el.Array, out Elem? seen)) elements[el.Array] = el;
                    else if (seen is not null && !seen.Equals(el)) disqualified.Add(el.Array);
                    break;
                case Elem el: disqualified.Add(el.Array); break;
                case Ref r: disqualified.Add(r.Name); break;
                case Slice sl: disqualified.Add(sl.Array); break;
            }
        }
        // Accumulated into: the element is read by the value of an assignment whose reverse runs.
        var read = new HashSet<Expr>(stmts.OfType<Assign>().Where(a => IsActiveTarget(a) && a.Value is not Call)
            .SelectMany(a => Ir.DescendantsAndSelf(a.Value)).OfType<Elem>());
        // Read by a derivative: the element appears in a partial derivative (or its guard) of an assignment whose reverse runs.
        var coefficients = new HashSet<Expr>(stmts.OfType<Assign>().Where(a => IsActiveTarget(a) && a.Value is not Call)
            .SelectMany(a => Linearize.Terms(a.Value, Act, _c.Policy, _c.KnownOutput(a)))
            .SelectMany(t => t.Guard is null ? Ir.DescendantsAndSelf(t.Coefficient) : Ir.DescendantsAndSelf(t.Coefficient).Concat(Ir.DescendantsAndSelf(t.Guard)))
            .OfType<Elem>());
        foreach (var kv in elements.OrderBy(kv => kv.Key, System.StringComparer.Ordinal))
        {
            if (kv.Value is not Elem el || disqualified.Contains(el.Array) || assigned.Contains(el.Array) || !IndexIsInvariant(el.Index, assigned)) continue;
            if (_c.IsPromoted(el.Array) || Facts.AliasesOf(el.Array).Any(assigned.Contains)) continue;
            if (coefficients.Contains(el) && !_c.Printer.HoldsValue(el)) values.Add(el);
            if (!M.Locals.Any(l => l.Name == el.Array && l.IsArray && l.Layout == ArrayLayout.Flat)) continue;
            if (!Act.IsActive(el.Array) || Facts.AliasesOf(el.Array).Count != 1 || !read.Contains(el)) continue;
            adjoints.Add(el);
        }
        return (adjoints, values);
    }

    /// <summary>Whether <paramref name="index"/> reads only variables and arrays the loop does not assign, and calls nothing.</summary>
    private static bool IndexIsInvariant(Expr index, HashSet<string> assigned) =>
        Ir.DescendantsAndSelf(index).All(e => e switch
        {
            Ref r => !assigned.Contains(r.Name),
            Elem el => !assigned.Contains(el.Array),
            Len len => !assigned.Contains(len.Array),
            Call or PassiveCall or DataRead or Opaque => false,
            _ => true,
        });
}
