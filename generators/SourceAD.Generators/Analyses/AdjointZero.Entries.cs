using System.Collections.Generic;
using System.Linq;
using SourceAD.Generators.IR;

namespace SourceAD.Generators.Analyses;

/// <summary>
/// Sets of entries of the tracked arrays' adjoints that the analyses of <see cref="AdjointZero"/> know something about
/// (zero, or overwritten before read): whole arrays, half-open index ranges whose bounds never change, and single
/// entries at an index expression (valid while the variables it reads keep their values). The meet is intersection.
/// </summary>
internal sealed class AdjointEntries
{
    public HashSet<string> Whole { get; } = new(System.StringComparer.Ordinal);

    public HashSet<(string Array, Expr Index)> Cells { get; } = new();

    public HashSet<(string Array, Expr Lo, Expr Hi)> Ranges { get; } = new();

    public AdjointEntries Copy()
    {
        var c = new AdjointEntries();
        c.Whole.UnionWith(Whole);
        c.Cells.UnionWith(Cells);
        c.Ranges.UnionWith(Ranges);
        return c;
    }

    public AdjointEntries Meet(AdjointEntries other)
    {
        var c = Copy();
        c.Whole.IntersectWith(other.Whole);
        c.Cells.IntersectWith(other.Cells);
        c.Ranges.IntersectWith(other.Ranges);
        return c;
    }

    public bool SameAs(AdjointEntries other) =>
        Whole.SetEquals(other.Whole) && Cells.SetEquals(other.Cells) && Ranges.SetEquals(other.Ranges);

    /// <summary>Everything about <paramref name="array"/> forgotten.</summary>
    public void Forget(string array)
    {
        Whole.Remove(array);
        Cells.RemoveWhere(c => c.Array == array);
        Ranges.RemoveWhere(r => r.Array == array);
    }

    /// <summary>Single entries whose index reads a variable in <paramref name="names"/> forgotten (those variables change).</summary>
    public void ForgetIndicesReading(ICollection<string> names) => Cells.RemoveWhere(c => Ir.Reads(c.Index).Any(names.Contains));

    /// <summary>Whether the entry at <paramref name="index"/> is in the set.</summary>
    public bool Holds(string array, Expr index) =>
        Whole.Contains(array) || Cells.Contains((array, index)) ||
        index is Lit { Value: var c } && Ranges.Any(r => r.Array == array && r.Lo is Lit lo && lo.Value <= c && r.Hi is Lit hi && c < hi.Value);

    /// <summary>Whether every index in [lo, hi) is in the set (hi the same expression as a range's, lo a constant at or above its start).</summary>
    public bool HoldsRange(string array, Expr lo, Expr hi, System.Func<string, Expr, bool> isLength) =>
        Whole.Contains(array) ||
        Ranges.Any(r => r.Array == array && (r.Hi.Equals(hi) || isLength(array, r.Hi) && isLength(array, hi)) &&
            (r.Lo.Equals(lo) || r.Lo is Lit a && lo is Lit b && a.Value <= b.Value));

    /// <summary>
    /// Adds [lo, hi) and joins ranges that meet end to start (<c>z[0]</c>'s [0, 1) and a loop's [1, n) make [0, n)); a
    /// range from 0 to the array's length is the whole array.
    /// </summary>
    public void AddRange(string array, Expr lo, Expr hi, System.Func<string, Expr, bool> isLength)
    {
        if (Whole.Contains(array)) return;
        Ranges.Add((array, lo, hi));
        bool joined = true;
        while (joined)
        {
            joined = false;
            var mine = Ranges.Where(r => r.Array == array).ToList();
            foreach (var a in mine)
            {
                var b = mine.FirstOrDefault(r => !r.Equals(a) && Meets(a.Hi, r.Lo));
                if (b.Array is null) continue;
                Ranges.Remove(a);
                Ranges.Remove(b);
                Ranges.Add((array, a.Lo, b.Hi));
                joined = true;
                break;
            }
        }
        if (Ranges.Any(r => r.Array == array && r.Lo is Lit { Value: 0 } && isLength(array, r.Hi)))
        {
            Ranges.RemoveWhere(r => r.Array == array);
            Whole.Add(array);
        }
    }

    private static bool Meets(Expr hi, Expr lo) => hi.Equals(lo) || hi is Lit a && lo is Lit b && a.Value == b.Value;

    /// <summary>
    /// The entry at <paramref name="index"/> leaves the set: everything about the array goes, except single entries at
    /// other constant indices and, where the whole array was in the set and the index is a constant c, [0, c) and
    /// [c + 1, length) (<paramref name="length"/>: the array's length as an expression, or null).
    /// </summary>
    public void Remove(string array, Expr index, Expr? length)
    {
        bool whole = Whole.Remove(array);
        Cells.RemoveWhere(c => c.Array == array && !(c.Index is Lit a && index is Lit b && a.Value != b.Value));
        var kept = Ranges.Where(r => r.Array == array && index is Lit { Value: var c } &&
            (r.Hi is Lit hi && hi.Value <= c || r.Lo is Lit lo && lo.Value > c)).ToList();
        Ranges.RemoveWhere(r => r.Array == array);
        Ranges.UnionWith(kept);
        if (whole && index is Lit { Value: var at } && length is not null)
        {
            if (at > 0) Ranges.Add((array, new Lit(IrType.Int, 0), new Lit(IrType.Int, at)));
            Ranges.Add((array, new Lit(IrType.Int, at + 1), length));
        }
    }
}
