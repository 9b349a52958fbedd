using SourceAD.Generators.Helpers;
using SourceAD.Generators.IR;

namespace SourceAD.Generators.Model;

/// <summary>
/// Everything the emitter needs about one [Differentiable] method, as plain equatable data: no ISymbol, SyntaxNode or
/// Location survives past the lowering transform, so the incremental pipeline caches it by value. <see cref="Key"/>
/// identifies the method to its callers (<see cref="Lowering.CustomDerivatives.Key"/>). <see cref="Surface"/> is empty
/// unless the method takes aggregates (structs, records, System.Numerics vectors): then <see cref="Params"/> are the
/// flat scalars and arrays the derivative core works on, and Surface the user's parameters (Emit/AggregateSurfaceEmitter).
/// <see cref="Nested"/>: the gradient elements of other methods it calls (nested AD), emitted beside it.
/// </summary>
internal sealed record MethodModel(
    string Namespace,
    EquatableArray<TypeDecl> ContainingTypes,
    string Name,
    string Accessibility,
    bool IsStatic,
    string TypeParameters,
    string Constraints,
    string ReturnType,
    string RealType,
    EquatableArray<Param> Params,
    EquatableArray<Local> Locals,
    EquatableArray<Stmt> Body,
    PolicyModel Policy,
    string HintName,
    string Key = "",
    EquatableArray<SurfaceParam> Surface = default,
    EquatableArray<NestedGradient> Nested = default,
    EquatableArray<CheckpointSpec> Checkpoints = default);

/// <summary>A loop checkpointed by <c>[Checkpoint("t", Snapshots = c)]</c>: its variable (IR name) and slots (0: ⌈√T⌉).</summary>
internal sealed record CheckpointSpec(string LoopVariable, int Snapshots);

/// <summary>A containing type declaration, e.g. keyword <c>partial class</c> and name <c>Net&lt;T&gt;</c>.</summary>
internal sealed record TypeDecl(string Keyword, string Name);
