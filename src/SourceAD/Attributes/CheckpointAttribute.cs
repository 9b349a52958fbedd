namespace SourceAD;

/// <summary>
/// Checkpoints a time-stepping loop of a [Differentiable] method: the pullback's forward sweep runs the counted <c>for</c>
/// loop whose variable is <see cref="LoopVariable"/> without taping it, keeping only its entry state, and the reverse
/// sweep reverses its steps under a binomial (Revolve) schedule with <see cref="Snapshots"/> snapshot slots, rerunning
/// steps from snapshots instead of reading a tape. Memory: snapshots × the loop-carried state instead of T × the
/// per-step tape. The loop must be a counted <c>for</c> loop outside other loops, with no <c>break</c>/<c>return</c>.
/// (C# attributes cannot go on statements, so the method names the loop.)
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false, AllowMultiple = true)]
public sealed class CheckpointAttribute : Attribute
{
    /// <param name="loopVariable">The variable declared by the loop's initializer (<c>for (int t = 0; …)</c>: "t").</param>
    public CheckpointAttribute(string loopVariable) => LoopVariable = loopVariable;

    /// <summary>The loop's variable.</summary>
    public string LoopVariable { get; }

    /// <summary>Snapshot slots, the entry state's included; 0 (the default): ⌈√T⌉ for T steps.</summary>
    public int Snapshots { get; set; }
}
