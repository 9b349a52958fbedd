using System.Collections.Generic;
using System.Linq;

namespace SourceAD.Generators.Analyses;

/// <summary>
/// Dead resets: the reverse sweep read backwards (the primal's order), tracking the entries that are overwritten
/// before they are read on every path from here on (<c>da[j] = δ</c>, an update the known-zero analysis turned into an
/// assignment, or a reset). A reset of an entry in that set stores a zero nothing reads. Nothing reads a tracked
/// array's adjoint after the reverse sweep, so at its end every entry is in the set. Loops are solved as in
/// <see cref="ZeroLoop"/>, with the roles of a body's start and end exchanged: an iteration's end is followed by the next
/// iteration's start or by the code after the loop.
/// </summary>
internal sealed partial class AdjointZero
{
    private AdjointEntries Clobbered(List<Ev> evs, AdjointEntries s, bool record)
    {
        for (int k = evs.Count - 1; k >= 0; k--) s = Clobbered(evs[k], s, record);
        return s;
    }

    private AdjointEntries Clobbered(Ev ev, AdjointEntries s, bool record)
    {
        switch (ev)
        {
            case EntryEv { Kind: Touch.Update } e when e.Site is { } site && _zeroLeaves.TryGetValue(site, out var assigned) && assigned.Contains(e.Entry):
                Overwritten(e, s);
                return s;
            case EntryEv { Kind: Touch.Update or Touch.Read } e:
                s.Remove(e.Array, e.Index, LengthOf(e.Array));
                return s;
            case EntryEv { Kind: Touch.Reset } e:
                if (record && e.Site is { } reset && s.Holds(e.Array, e.Index)) _deadResets.Add(reset);
                Overwritten(e, s);
                return s;
            case VarEv v:
                s.ForgetIndicesReading(new[] { v.Name });
                return s;
            case BranchEv b:
                return Clobbered(b.Then, s.Copy(), record).Meet(Clobbered(b.Else, s, record));
            case LoopEv l:
                return ClobberedLoop(l, s, record);
            default:
                return new AdjointEntries();
        }
    }

    private void Overwritten(EntryEv e, AdjointEntries s)
    {
        s.Cells.Add((e.Array, e.Index));
        if (e.Index is IR.Lit { Value: var c }) s.AddRange(e.Array, e.Index, new IR.Lit(IR.IrType.Int, c + 1), IsLength);
    }

    private AdjointEntries ClobberedLoop(LoopEv l, AdjointEntries after, bool record)
    {
        // An iteration's own entry is not touched by the iterations after it: it is overwritten before it is read iff
        // it is after the loop.
        var range = Range(l.Loop);
        var own = new AdjointEntries();
        foreach (var pair in l.Own)
        {
            if (after.Whole.Contains(pair.Key) || pair.Value is IR.Ref && range is { } r && after.HoldsRange(pair.Key, r.Lo, r.Hi, IsLength))
            {
                own.Cells.Add((pair.Key, pair.Value));
            }
        }
        var outer = after.Copy();
        outer.ForgetIndicesReading(l.Assigned);
        foreach (string a in l.Own.Keys) outer.Forget(a);
        var x = outer;
        for (int round = 0; ; round++)
        {
            var start = Clobbered(l.Body, Union(x, own), record: false);
            var next = x.Meet(start);
            if (next.SameAs(x)) break;
            x = next;
            if (round == 20) return new AdjointEntries();
        }
        var first = Clobbered(l.Body, Union(x, own), record);
        var before = outer.Meet(first);
        before.ForgetIndicesReading(l.Assigned);
        foreach (var pair in l.Own)
        {
            if (!first.Cells.Contains((pair.Key, pair.Value)) && !first.Whole.Contains(pair.Key)) continue;
            if (after.Whole.Contains(pair.Key)) before.Whole.Add(pair.Key);
            else if (pair.Value is IR.Ref && range is { } r) before.AddRange(pair.Key, r.Lo, r.Hi, IsLength);
        }
        return before;
    }
}
