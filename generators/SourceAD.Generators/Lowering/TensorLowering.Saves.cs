using System.Collections.Generic;
using SourceAD.Generators.Helpers;
using SourceAD.Generators.Model;

namespace SourceAD.Generators.Lowering;

/// <summary>
/// Where a statement keeps the value it overwrites for the reverse sweep (<see cref="TensorStmt.Save"/>): nowhere when
/// the variable can hold nothing yet (its first assignment), in a slot local at the top level (the statement runs at most
/// once), on the tensor tape inside a loop (each iteration overwrites the last).
/// </summary>
/// <remarks>
/// "May hold a value here" is a forward flow fact over the structured program: a write makes it true, a branch starts
/// from the facts before the <c>if</c> and the join is their union. It is decided while lowering, not in Analyses/ after
/// it, because a slot's name comes from the same counter as the temporaries' (<see cref="Fresh"/>), in lowering order:
/// deciding later would rename them in the generated code.
/// </remarks>
internal sealed partial class TensorLowering
{
    /// <summary>Variables that may hold a value at the current point (a write there must keep the old one).</summary>
    private HashSet<string> _assigned = new();

    /// <summary>Appends <c>target = op(args)</c> (or the call) to the current block, with where it keeps the old value.</summary>
    private void Emit(string target, string op, IReadOnlyList<TensorArg> args, TensorCall? call = null)
    {
        if (!_variables.Contains(target)) _variables.Add(target);
        TensorSave save;
        string slot = "";
        if (_loopDepth > 0) save = TensorSave.Tape;
        else if (_assigned.Contains(target))
        {
            save = TensorSave.Slot;
            slot = Fresh(target + "_saved");
        }
        else save = TensorSave.None;
        _assigned.Add(target);
        _current.Add(new TensorStmt(target, op, args.ToEquatable(), save, slot, call));
    }

    /// <summary>Before a loop's body: what may hold a value on entry (it still may after the loop, which can run zero times).</summary>
    private HashSet<string> EnterLoop() => new(_assigned);

    /// <summary>After a loop's body: what may hold a value before the loop, or after its body.</summary>
    private void ExitLoop(HashSet<string> before) => _assigned.UnionWith(before);

    /// <summary>Before an <c>if</c>: what may hold a value on entry, where each branch starts.</summary>
    private HashSet<string> EnterBranches() => new(_assigned);

    /// <summary>Between the branches: the else branch starts from <paramref name="before"/>; returns what the then branch left.</summary>
    private HashSet<string> EnterElse(HashSet<string> before)
    {
        HashSet<string> afterThen = _assigned;
        _assigned = new HashSet<string>(before);
        return afterThen;
    }

    /// <summary>After an <c>if</c>: what may hold a value after either branch.</summary>
    private void JoinBranches(HashSet<string> afterThen) => _assigned.UnionWith(afterThen);
}
