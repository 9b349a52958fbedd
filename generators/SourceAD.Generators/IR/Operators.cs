using System;
using System.Collections.Immutable;
using System.Linq;

namespace SourceAD.Generators.IR;

/// <summary>A binary operator of <see cref="Bin"/>. Lowering maps Roslyn's operator kinds to these in one function (Lowering/OperatorKinds.cs).</summary>
internal enum BinaryOp
{
    Add,
    Subtract,
    Multiply,
    Divide,
    Remainder,
    LessThan,
    LessThanOrEqual,
    GreaterThan,
    GreaterThanOrEqual,
    Equal,
    NotEqual,
    ConditionalAnd,
    ConditionalOr,
    And,
    Or,
    ExclusiveOr,
    LeftShift,
    RightShift,
}

/// <summary>A unary operator of <see cref="Un"/>. Unary plus never reaches the IR (lowering drops it).</summary>
internal enum UnaryOp
{
    Negate,
    Not,
    BitwiseNot,
}

/// <summary>
/// The one table of operator facts: each operator's C# token, its precedence, and the primitive-table row that
/// differentiates and counts it. The printer, the cost counts and linearization read these; no pass spells a token.
/// </summary>
internal static class Operators
{
    /// <summary>The precedence of every unary operator (and of a cast), above all binary operators.</summary>
    public const int UnaryPrecedence = 10;

    /// <summary>
    /// Token, precedence (1 ?:, 2 ||, 3 &amp;&amp;, 4 | ^ &amp;, 5 == !=, 6 relational, 7 shift, 8 + -, 9 * / %) and
    /// primitive row (null: not a floating operation, never differentiated or counted).
    /// </summary>
    private static (string Token, int Precedence, string? Row) Info(BinaryOp op) => op switch
    {
        BinaryOp.Add => ("+", 8, "Add"),
        BinaryOp.Subtract => ("-", 8, "Sub"),
        BinaryOp.Multiply => ("*", 9, "Mul"),
        BinaryOp.Divide => ("/", 9, "Div"),
        BinaryOp.Remainder => ("%", 9, "Rem"),
        BinaryOp.LessThan => ("<", 6, null),
        BinaryOp.LessThanOrEqual => ("<=", 6, null),
        BinaryOp.GreaterThan => (">", 6, null),
        BinaryOp.GreaterThanOrEqual => (">=", 6, null),
        BinaryOp.Equal => ("==", 5, null),
        BinaryOp.NotEqual => ("!=", 5, null),
        BinaryOp.ConditionalAnd => ("&&", 3, null),
        BinaryOp.ConditionalOr => ("||", 2, null),
        BinaryOp.And => ("&", 4, null),
        BinaryOp.Or => ("|", 4, null),
        BinaryOp.ExclusiveOr => ("^", 4, null),
        BinaryOp.LeftShift => ("<<", 7, null),
        BinaryOp.RightShift => (">>", 7, null),
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, null),
    };

    /// <summary>Token and primitive row (null: not differentiated or counted).</summary>
    private static (string Token, string? Row) Info(UnaryOp op) => op switch
    {
        UnaryOp.Negate => ("-", "Neg"),
        UnaryOp.Not => ("!", null),
        UnaryOp.BitwiseNot => ("~", null),
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, null),
    };

    public static string Token(BinaryOp op) => Info(op).Token;

    public static string Token(UnaryOp op) => Info(op).Token;

    /// <summary>C#'s precedence of <paramref name="op"/>: higher binds tighter. All binary operators are left-associative.</summary>
    public static int Precedence(BinaryOp op) => Info(op).Precedence;

    /// <summary>The primitive-table row of a floating arithmetic operator (<c>Add</c>, …, <c>Rem</c>), or null.</summary>
    public static string? Row(BinaryOp op) => Info(op).Row;

    /// <summary>The primitive-table row of a floating unary operator (<c>Neg</c>), or null.</summary>
    public static string? Row(UnaryOp op) => Info(op).Row;

    /// <summary>The binary operator whose primitive row is <paramref name="row"/> (<c>Add</c> → <see cref="BinaryOp.Add"/>), or null.</summary>
    public static BinaryOp? OfRow(string row) => ByRow.TryGetValue(row, out BinaryOp op) ? op : null;

    private static readonly ImmutableDictionary<string, BinaryOp> ByRow =
        Enum.GetValues(typeof(BinaryOp)).Cast<BinaryOp>().Where(op => Row(op) is not null).ToImmutableDictionary(op => Row(op)!, op => op);

    /// <summary>The unary operator whose primitive row is <paramref name="row"/> (<c>Neg</c> → <see cref="UnaryOp.Negate"/>), or null.</summary>
    public static UnaryOp? OfUnaryRow(string row) => ByUnaryRow.TryGetValue(row, out UnaryOp op) ? op : null;

    private static readonly ImmutableDictionary<string, UnaryOp> ByUnaryRow =
        Enum.GetValues(typeof(UnaryOp)).Cast<UnaryOp>().Where(op => Row(op) is not null).ToImmutableDictionary(op => Row(op)!, op => op);

    /// <summary>Comparisons: <c>&lt;</c>, <c>&lt;=</c>, <c>&gt;</c>, <c>&gt;=</c>, <c>==</c>, <c>!=</c>.</summary>
    public static bool IsComparison(BinaryOp op) => Precedence(op) is 5 or 6;
}
