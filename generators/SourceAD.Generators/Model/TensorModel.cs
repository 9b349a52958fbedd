using SourceAD.Generators.Helpers;

namespace SourceAD.Generators.Model;

/// <summary>
/// A [Differentiable] method over tensors (equatable, symbol-free): a structured program of tensor statements
/// (<c>Ops.X</c> calls, calls of other [Differentiable] tensor methods, counted <c>for</c> loops and <c>if</c>/<c>else</c>
/// on non-tensor conditions) over mutable tensor variables, ending in <c>return Result</c>.
/// </summary>
// Params: Every parameter; <c>Differentiable</c> marks the tensor inputs that get adjoints and tangents.
// IsStatic: A static method (a free tensor function): no [Parameter] members, no <c>Gradients</c>.
// HasGradients: An instance method of a model (a type with [Parameter] tensors): takes <c>Gradients</c>.
// Variables: Every tensor variable (user locals under unique names, and temporaries).
// Body: The statements.
// Result: The variable returned.
// Usings, NamespaceUsings: the using directives of the method's file and of its namespace declarations, copied into the
// generated file so that conditions, bounds and arguments emitted as written resolve as in the user's code.
// ParameterArrays: the model's [Parameter] Tensor[] members (every one, read here or not): each reverse sweep sizes
// their gradient arrays in <c>into</c>, so <c>Gradients.All</c> lines up with <c>Parameters</c> after any gradient call.
internal sealed record TensorModel(
    string Namespace,
    EquatableArray<TypeDecl> ContainingTypes,
    string Name,
    string Accessibility,
    EquatableArray<Param> Params,
    bool IsStatic,
    bool HasGradients,
    EquatableArray<string> Variables,
    EquatableArray<TensorNode> Body,
    string Result,
    PolicyModel Policy,
    string HintName,
    EquatableArray<string> Usings,
    EquatableArray<string> NamespaceUsings,
    EquatableArray<string> ParameterArrays);

/// <summary>One statement of a tensor program.</summary>
internal abstract record TensorNode;

/// <summary>
/// <c>Target = Ops.Op(Args)</c>, or a call of another [Differentiable] tensor method when <see cref="Call"/> is set.
/// </summary>
// Save: Where the overwritten value of <paramref name="Target"/> is kept for the reverse sweep.
// SaveSlot: For <see cref="TensorSave.Slot"/>: the local holding it.
internal sealed record TensorStmt(string Target, string Op, EquatableArray<TensorArg> Args, TensorSave Save = TensorSave.None, string SaveSlot = "", TensorCall? Call = null) : TensorNode;

/// <summary>How a statement keeps the value it overwrites: not at all (the variable held nothing), in a local, or on the tensor tape (inside loops).</summary>
internal enum TensorSave { None, Slot, Tape }

/// <summary>A call of another [Differentiable] tensor method.</summary>
// Receiver: The printed receiver: <c>this</c>, or the fully qualified type of a static method.
// HasGradients: The callee takes <c>Gradients</c> (an instance method of the same model).
// Differentiable: The callee's differentiable tensor parameters, in order (they get adjoints and tangents).
// Sequences: those of them that are Tensor[] (their adjoints are arrays).
internal sealed record TensorCall(string Receiver, bool HasGradients, EquatableArray<string> Differentiable, EquatableArray<string> Sequences);

/// <summary><c>for (int Var = Start; Var Compare Bound; Var += Step) { Body }</c>, the bound evaluated each iteration as C# does.</summary>
// Id: A number unique in the method (names its trip count and start).
// Taped: Nested in another loop: the start and trip count go on the integer tape.
internal sealed record TensorFor(int Id, string Var, string Start, string Compare, string Bound, int Step, bool Taped, EquatableArray<TensorNode> Body) : TensorNode;

/// <summary><c>if (Condition) { Then } else { Else }</c> on a non-tensor condition; the outcome is recorded for the reverse sweep.</summary>
internal sealed record TensorIf(int Id, string Condition, bool Taped, EquatableArray<TensorNode> Then, EquatableArray<TensorNode> Else) : TensorNode;

/// <summary>A non-tensor local declared at the top level and never reassigned, emitted as written (e.g. <c>int n = x.Size(0);</c>).</summary>
internal sealed record TensorPassive(string Text) : TensorNode;

/// <summary>One argument, by the op's parameter name.</summary>
// Param: The op parameter's name.
// Text: A tensor's name (variable, parameter or [Parameter] member), <c>null</c>, data text, or a passive argument's source text.
// Kind: What the argument is.
internal sealed record TensorArg(string Param, string Text, TensorArgKind Kind);

/// <summary>
/// Local: a tensor variable. Input: a method parameter (differentiable when its Param says so). Parameter: a [Parameter]
/// member. Data: any other tensor expression (a field, an element of a [NoDerivative] Tensor[]), never differentiated.
/// Element: <c>xs[i]</c> of a differentiable Tensor[] input (Text is <c>xs[i]</c>). ParameterElement: <c>W[i]</c> of a
/// [Parameter] Tensor[] member (its gradient is <c>into.W[i]</c>). ParameterArray: such a member passed whole to a
/// Tensor[] parameter of a [Differentiable] call (Text is <c>W</c>). Null, Passive: non-tensors.
/// </summary>
internal enum TensorArgKind { Local, Input, Parameter, Null, Passive, Data, Element, ParameterElement, ParameterArray }

/// <summary>The [Parameter] tensors of one model type, in declaration order; <c>Arrays</c>: those of them that are Tensor[] (trained element by element).</summary>
internal sealed record ParameterSetModel(string Namespace, EquatableArray<TypeDecl> ContainingTypes, EquatableArray<string> Members, EquatableArray<string> Arrays, string HintName);
