using SourceAD.Generators.Helpers;

namespace SourceAD.Generators.IR;

/// <summary>
/// Small constructors for IR expressions that fold the trivial cases (×1, ×0, +0, −(−x)) and arithmetic on two
/// literals, so derivative rules can be written plainly and still emit lean code.
/// </summary>
internal static class E
{
    public static Lit Num(IrType type, double value) => new(type, value);
    public static Expr Zero(IrType type) => new Lit(type, 0);
    public static Expr One(IrType type) => new Lit(type, 1);

    public static bool IsLit(Expr e, double v) => e is Lit l && l.Value == v;

    /// <summary>
    /// Two literals of type double or float fold to the literal the emitted code would compute: a policy's value at a
    /// kink (<c>0.125 + 0.5 * (1.0 - 0.125)</c>) then costs nothing, and the cost report (SRCAD1002) no longer charges
    /// it. A float operation done in double and rounded to float once is exact for + − × ÷ (53 ≥ 2·24 + 2 bits), so
    /// the bits are the same; other types (a generic T) are left as written.
    /// </summary>
    private static Lit? Fold(Expr a, Expr b, BinaryOp op)
    {
        if (a is not Lit x || b is not Lit y || x.Type != y.Type || x.Type.Kind is not (IrTypeKind.Double or IrTypeKind.Float)) return null;
        bool single = x.Type.Kind == IrTypeKind.Float;
        // A float literal prints as its value rounded to float: fold those values.
        double l = single ? (float)x.Value : x.Value, r = single ? (float)y.Value : y.Value;
        double value = op switch
        {
            BinaryOp.Add => l + r,
            BinaryOp.Subtract => l - r,
            BinaryOp.Multiply => l * r,
            _ => l / r,
        };
        return new Lit(x.Type, single ? (float)value : value);
    }

    public static Expr Add(Expr a, Expr b)
    {
        if (Fold(a, b, BinaryOp.Add) is Lit folded) return folded;
        if (IsLit(a, 0)) return b;
        if (IsLit(b, 0)) return a;
        if (b is Un { Op: UnaryOp.Negate } nb) return Sub(a, nb.A);
        return new Bin(a.Type, BinaryOp.Add, a, b);
    }

    public static Expr Sub(Expr a, Expr b)
    {
        if (Fold(a, b, BinaryOp.Subtract) is Lit folded) return folded;
        if (IsLit(b, 0)) return a;
        if (IsLit(a, 0)) return Neg(b);
        return new Bin(a.Type, BinaryOp.Subtract, a, b);
    }

    public static Expr Mul(Expr a, Expr b)
    {
        if (Fold(a, b, BinaryOp.Multiply) is Lit folded) return folded;
        if (IsLit(a, 0) || IsLit(b, 0)) return Zero(a.Type);
        if (IsLit(a, 1)) return b;
        if (IsLit(b, 1)) return a;
        if (IsLit(a, -1)) return Neg(b);
        if (IsLit(b, -1)) return Neg(a);
        if (a is Un { Op: UnaryOp.Negate } na) return Neg(Mul(na.A, b));
        if (b is Un { Op: UnaryOp.Negate } nb) return Neg(Mul(a, nb.A));
        return new Bin(a.Type, BinaryOp.Multiply, a, b);
    }

    public static Expr Div(Expr a, Expr b)
    {
        if (Fold(a, b, BinaryOp.Divide) is Lit folded) return folded;
        if (IsLit(a, 0)) return Zero(a.Type);
        if (IsLit(b, 1)) return a;
        if (a is Un { Op: UnaryOp.Negate } na) return Neg(Div(na.A, b));
        return new Bin(a.Type, BinaryOp.Divide, a, b);
    }

    public static Expr Neg(Expr a)
    {
        if (a is Lit l) return new Lit(a.Type, -l.Value);
        if (a is Un { Op: UnaryOp.Negate } n) return n.A;
        return new Un(a.Type, UnaryOp.Negate, a);
    }

    public static Expr Sq(Expr a) => Mul(a, a);

    /// <summary>A conversion, folded for literals and no-ops.</summary>
    public static Expr To(IrType type, Expr a) => a.Type == type ? a : a is Lit l ? new Lit(type, l.Value) : new Conv(type, a);

    public static Expr P(string name, params Expr[] args) => new Prim(args[0].Type, name, args.ToEquatable());

    public static Expr Cmp(BinaryOp op, Expr a, Expr b) => new Bin(IrType.Bool, op, a, b);

    public static Expr And(Expr a, Expr b) => new Bin(IrType.Bool, BinaryOp.ConditionalAnd, a, b);

    public static Expr If(Expr c, Expr a, Expr b)
    {
        if (a.Equals(b)) return a;
        return new Cond(a.Type, c, a, b);
    }
}
