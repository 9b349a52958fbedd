using SourceAD.Generators.Helpers;

namespace SourceAD.Generators.IR;

/// <summary>
/// An expression of the lowered program. <see cref="Type"/> is its <see cref="IrType"/>: a kind and the C# spelling as
/// emitted (e.g. <c>double</c>, <c>float</c>, <c>T</c>, <c>int</c>, <c>bool</c>). Records, so the model compares by value.
/// </summary>
internal abstract record Expr(IrType Type);

/// <summary>A numeric or boolean literal.</summary>
internal sealed record Lit(IrType Type, double Value) : Expr(Type);

/// <summary>A scalar local or parameter, by its unique IR name.</summary>
internal sealed record Ref(IrType Type, string Name) : Expr(Type);

/// <summary>
/// An array or span element <c>Array[Index]</c>. A rectangular array's element has its further indices in
/// <paramref name="Inner"/> (<c>a[i, j]</c>); a jagged array's element (<paramref name="Jagged"/>) is
/// <c>a[i][j]</c>: <see cref="Index"/> picks the row.
/// </summary>
internal sealed record Elem(IrType Type, string Array, Expr Index, EquatableArray<Expr> Inner = default, bool Jagged = false) : Expr(Type);

/// <summary>
/// A view <c>Array[Start..(Start + Length)]</c> of an array or span variable, passed as a span argument
/// (<c>mu.AsSpan(c * d, d)</c>, <c>x[a..b]</c>, <c>s.Slice(a, n)</c>). Its derivative is the same slice of the
/// variable's adjoint or tangent. <paramref name="ArrayBase"/>: the variable is a <c>T[]</c> (not a span).
/// </summary>
internal sealed record Slice(IrType Type, string Array, bool ArrayBase, Expr Start, Expr Length) : Expr(Type);

/// <summary>
/// <c>Array.Length</c>; with <paramref name="Dimension"/> a rectangular array's <c>Array.GetLength(Dimension)</c>, with
/// <paramref name="Row"/> the length of a jagged array's row <c>Array[Row].Length</c>.
/// </summary>
internal sealed record Len(string Array, Expr? Dimension = null, Expr? Row = null) : Expr(IrType.Int);

/// <summary>Unary operator: <c>-</c>, <c>!</c>, <c>~</c> (tokens in <see cref="Operators"/>).</summary>
internal sealed record Un(IrType Type, UnaryOp Op, Expr A) : Expr(Type);

/// <summary>Binary operator (arithmetic, comparison, logical, bitwise; tokens and precedence in <see cref="Operators"/>).</summary>
internal sealed record Bin(IrType Type, BinaryOp Op, Expr A, Expr B) : Expr(Type);

/// <summary>A call of a primitive-table row (<c>Exp</c>, <c>Max</c>, …) at the expression's type.</summary>
internal sealed record Prim(IrType Type, string Name, EquatableArray<Expr> Args) : Expr(Type);

/// <summary><c>C ? A : B</c>. Keeps C#'s semantics: the derivative is that of the branch taken.</summary>
internal sealed record Cond(IrType Type, Expr C, Expr A, Expr B) : Expr(Type);

/// <summary>A conversion to <see cref="Expr.Type"/>.</summary>
internal sealed record Conv(IrType Type, Expr A) : Expr(Type);

/// <summary>A call to another differentiable method (generated or custom derivative).</summary>
internal sealed record Call(IrType Type, CallTarget Target, EquatableArray<Expr> Args) : Expr(Type);

/// <summary>A passive value the IR does not look into (instance fields, static properties). Never differentiated.</summary>
internal sealed record Opaque(IrType Type, string Text) : Expr(Type);

/// <summary>
/// A read of data the method is not differentiated with respect to: an element, length or rank of an array field or
/// property (<c>this.features[n][j]</c>, <c>Table.GetLength(0)</c>, <c>this.labels.Length</c>). <paramref name="Template"/>
/// is the C# text with <c>{0}</c>, <c>{1}</c>, … where the printed <paramref name="Args"/> (integer indices) go.
/// </summary>
internal sealed record DataRead(IrType Type, string Template, EquatableArray<Expr> Args) : Expr(Type);

/// <summary>A call with no floating result or argument derivative (e.g. an integer helper). Never differentiated.</summary>
internal sealed record PassiveCall(IrType Type, string Function, EquatableArray<Expr> Args) : Expr(Type);
