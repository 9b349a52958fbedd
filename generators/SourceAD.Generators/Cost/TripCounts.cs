using System.Collections.Generic;
using System.Linq;
using SourceAD.Generators.Analyses;
using SourceAD.Generators.IR;

namespace SourceAD.Generators.Cost;

/// <summary>
/// The trip count of each loop as a polynomial in size symbols: <c>for (i = 0; i &lt; n; i++)</c> runs <c>n</c> times,
/// <c>i &lt; x.Length</c> runs <c>|x|</c> times, <c>i &lt;= n − 1</c> runs <c>n</c> times. A bound read from a
/// variable the method reassigns, or a while loop, gets a fresh symbol t1, t2, … (the figure is per iteration).
/// </summary>
internal sealed class TripCounts
{
    private readonly VariableFacts _facts;
    private readonly Dictionary<Stmt, Polynomial> _trips = new(ReferenceComparer.Instance);

    public TripCounts(VariableFacts facts) => _facts = facts;

    /// <summary>What each unknown-bound symbol stands for.</summary>
    public List<string> Unknown { get; } = new();

    /// <summary>The symbol of an array's length.</summary>
    public static string LengthSymbol(string array) => "|" + array + "|";

    /// <summary>The trip count of <paramref name="loop"/>.</summary>
    public Polynomial Of(Stmt loop)
    {
        if (_trips.TryGetValue(loop, out Polynomial? t)) return t;
        t = loop is For f ? Counted(f) : null;
        if (t is null)
        {
            string symbol = "t" + (Unknown.Count + 1);
            Unknown.Add($"{symbol} = iterations of a {(loop is For ? "for" : "while")} loop whose bound is not a size");
            t = Polynomial.Symbol(symbol);
        }
        _trips[loop] = t;
        return t;
    }

    /// <summary>
    /// The length of an array as a size: a local allocated once as <c>new T[n]</c> has n's (when n is a size), anything
    /// else its <see cref="LengthSymbol"/>.
    /// </summary>
    public Polynomial LengthOf(string array)
    {
        var allocations = Ir.Descendants(_facts.Model.Body).OfType<NewArray>().Where(n => n.Name == array).ToList();
        return allocations.Count == 1 && Size(allocations[0].Length) is Polynomial n ? n : Polynomial.Symbol(LengthSymbol(array));
    }

    private Polynomial? Counted(For f)
    {
        if (f.Cond is not Bin { A: Ref { Name: var v } } cond || v != f.Var) return null;
        if (Size(f.Start) is not Polynomial start || Size(cond.B) is not Polynomial bound) return null;
        return (cond.Op, f.Step) switch
        {
            (BinaryOp.LessThan, 1) => bound - start,
            (BinaryOp.LessThanOrEqual, 1) => bound - start + Polynomial.Constant(1),
            (BinaryOp.GreaterThan, -1) => start - bound,
            (BinaryOp.GreaterThanOrEqual, -1) => start - bound + Polynomial.Constant(1),
            (BinaryOp.NotEqual, 1) => bound - start,
            _ => null,
        };
    }

    /// <summary>An integer expression of sizes: literals, never-reassigned variables, array lengths, + − ×.</summary>
    private Polynomial? Size(Expr e) => e switch
    {
        Lit l => Polynomial.Constant(l.Value),
        Ref r when !_facts.MayOverwrite(r.Name) && !_facts.CountedLoopVariables.Contains(r.Name) => Polynomial.Symbol(r.Name),
        Len { Dimension: null, Row: null } len => Polynomial.Symbol(LengthSymbol(len.Array)),
        // A rectangular array's extent along one constant dimension is a size of its own.
        Len { Dimension: Lit d, Row: null } len => Polynomial.Symbol(LengthSymbol(len.Array) + "_" + d.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        Conv c => Size(c.A),
        Bin { Op: BinaryOp.Add } b when Size(b.A) is Polynomial x && Size(b.B) is Polynomial y => x + y,
        Bin { Op: BinaryOp.Subtract } b when Size(b.A) is Polynomial x && Size(b.B) is Polynomial y => x - y,
        Bin { Op: BinaryOp.Multiply } b when Size(b.A) is Polynomial x && Size(b.B) is Polynomial y => x * y,
        _ => null,
    };
}
