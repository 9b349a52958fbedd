using SourceAD.Generators.Printing;

namespace SourceAD.Generators.Transforms;

/// <summary>
/// One push site of a pullback's forward sweep, as the emitter writes it: the cost analysis multiplies it by the trip
/// counts of the loops around it (<see cref="Scope"/>) to get the tape's size, without reading the emitted text.
/// </summary>
/// <param name="Scope">The loop scope the push runs in.</param>
/// <param name="ElementType">The type of each value pushed.</param>
/// <param name="WholeArray">For a snapshot or save, the array whose every entry is pushed; null for one value.</param>
/// <param name="What">What is recorded and why (the generated comment), for SRCAD1010 to name.</param>
/// <param name="StepOf">A push in one step of a checkpointed loop (PullbackEmitter.Checkpoint.cs): popped within the step, so
/// the tape holds one step's records at a time, not the loop's trip count times them.</param>
/// <param name="Conditional">A push under an <c>if</c>: it may run on some iterations only, so the tape's reserve
/// (<c>PullbackEmitter.ReserveTapes</c>) leaves it out and stays a lower bound of what is pushed.</param>
internal sealed record TapeRecord(LoopScope Scope, string ElementType, string? WholeArray, string What, IR.For? StepOf = null, bool Conditional = false);
