using System.Linq;
using SourceAD.Generators.IR;
using SourceAD.Generators.Primitives;

namespace SourceAD.Generators.Analyses;

/// <summary>
/// Recompute or record (issue 13): what one array entry costs the pullback either way, in operations, counting the
/// bytes a record moves as well as its operations. A recorded entry is pushed by the forward sweep and popped by the
/// reverse sweep: two tape operations and twice its size in bytes through a tape that, in the loops where the choice
/// matters, outgrows the caches (gmm's at d = 64, k = 100 holds 100 MB), so its bytes go to memory and back. A
/// recomputed entry costs its expression again in the reverse sweep, whose loads hit the caches the forward sweep
/// warmed (the same entries of the same inputs).
/// </summary>
/// <remarks>
/// The constants were measured on the project's 2-core VM: pushing and popping 12.9 M doubles took 55–70 ms against
/// 0.3–0.5 ns for an arithmetic operation in gmm's primal, so one byte of tape traffic is worth about one operation
/// (<see cref="BytesPerOperation"/>), and a push and a pop are two operations each (bounds test, store or load, count).
/// A transcendental (exp, log) costs about twenty (<see cref="NonlinearOperations"/>): recording its value stays the
/// cheaper choice, as the pullback's cached primitives already assume.
/// </remarks>
internal static class RecomputeCost
{
    /// <summary>Bytes of tape traffic worth one arithmetic operation.</summary>
    public const double BytesPerOperation = 1;

    /// <summary>The operations of one push and one pop, besides their bytes.</summary>
    public const double TapeOperations = 4;

    /// <summary>One transcendental primitive (exp, log, sin, …) in arithmetic operations.</summary>
    public const double NonlinearOperations = 20;

    /// <summary>What recording one entry of type <paramref name="elementType"/> costs: its tape operations and its bytes, out and back.</summary>
    public static double Record(string elementType) => TapeOperations + 2 * Bytes(elementType) / BytesPerOperation;

    /// <summary>The bytes in tape traffic of one <paramref name="elementType"/> value (<see cref="IrType.Bytes"/>).</summary>
    public static int Bytes(string elementType) => IrType.Of(elementType).Bytes;

    /// <summary>
    /// What evaluating <paramref name="e"/> once more costs, in values of type <paramref name="elementType"/>: each
    /// operation one (a transcendental <see cref="NonlinearOperations"/>), each array load one, times the doubles a value
    /// holds (an operation on a dual number works on its value and its tangent).
    /// </summary>
    public static double Recompute(Expr e, string elementType) => System.Math.Max(1, Bytes(elementType) / 8) * Ir.DescendantsAndSelf(e).Sum(n => n switch
    {
        Bin or Un or Cond or Elem => 1.0,
        Prim p => !PrimitiveTable.Rows.TryGetValue(p.Name, out Primitive? row) || row.Cost.Class == CostClass.Nonlinear ? NonlinearOperations : 1.0,
        _ => 0.0,
    });
}
