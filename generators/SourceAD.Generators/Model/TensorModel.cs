using SourceAD.Generators.Helpers;

namespace SourceAD.Generators.Model;

/// <summary>A [Differentiable] method over tensors: a straight-line chain of <c>Ops.X</c> calls (equatable, symbol-free).</summary>
internal sealed record TensorModel(
    string Namespace,
    EquatableArray<TypeDecl> ContainingTypes,
    string Name,
    string Accessibility,
    EquatableArray<Param> Params,
    EquatableArray<TensorStmt> Body,
    string Result,
    PolicyModel Policy,
    string HintName);

/// <summary><c>Target = Ops.Op(Args)</c>.</summary>
internal sealed record TensorStmt(string Target, string Op, EquatableArray<TensorArg> Args);

/// <summary>One argument, by the op's parameter name.</summary>
/// <param name="Param">The op parameter's name.</param>
/// <param name="Text">A tensor's IR name (local, parameter or [Parameter] member), <c>null</c>, or a passive argument's source text.</param>
/// <param name="Kind">What the argument is.</param>
internal sealed record TensorArg(string Param, string Text, TensorArgKind Kind);

internal enum TensorArgKind { Local, Input, Parameter, Null, Passive }

/// <summary>The [Parameter] tensors of one model type, in declaration order.</summary>
internal sealed record ParameterSetModel(string Namespace, EquatableArray<TypeDecl> ContainingTypes, EquatableArray<string> Members, string HintName);
