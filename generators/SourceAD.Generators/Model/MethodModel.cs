using SourceAD.Generators.Helpers;
using SourceAD.Generators.IR;

namespace SourceAD.Generators.Model;

/// <summary>
/// Everything the emitter needs about one [Differentiable] method, as plain equatable data: no ISymbol, SyntaxNode or
/// Location survives past the lowering transform, so the incremental pipeline caches it by value. <see cref="Key"/>
/// identifies the method to its callers (<see cref="Lowering.CustomDerivatives.Key"/>).
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
    string Key = "");

/// <summary>A containing type declaration, e.g. keyword <c>partial class</c> and name <c>Net&lt;T&gt;</c>.</summary>
internal sealed record TypeDecl(string Keyword, string Name);
