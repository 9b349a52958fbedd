using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SourceAD.Generators.Helpers;
using SourceAD.Generators.IR;

namespace SourceAD.Generators.Lowering;

/// <summary>
/// System.Numerics <c>Vector2</c>/<c>Vector3</c>/<c>Vector4</c> (float) and <c>Complex</c> (double), built in: each
/// operation is written out on the leaves exactly as .NET computes it (the same operations in the same order, e.g.
/// Smith's division of <c>Complex</c>), so values agree bit for bit with the user's own
/// method, and the scalar rules differentiate them.
/// </summary>
internal sealed partial class MethodLowering
{
    private Expr Cheap(Expr e) => e is Ref or Lit or Opaque or Elem { Index: Ref or Lit } ? e : Spill(e, "part");

    /// <summary>An aggregate-valued System.Numerics operation (<paramref name="name"/> is the member's metadata name).</summary>
    private List<Expr>? NumericsValue(IOperation site, string numerics, IOperation? instance, List<IOperation> args, string name)
    {
        var operands = new List<IOperation>();
        if (instance is not null) operands.Add(instance);
        operands.AddRange(args);
        List<List<Expr>>? parts = LowerParts(operands);
        if (parts is null) return null;
        parts = parts.Select(p => p.Select(Cheap).ToList()).ToList();
        bool complex = numerics == "Complex";
        string t = complex ? "double" : "float";
        int n = complex ? 2 : numerics[numerics.Length - 1] - '0';
        bool Agg(int i) => IsAggregate(operands[i].Type);
        Expr S(int i) => E.To(t, parts[i][0]);
        List<Expr> Each(System.Func<int, Expr> f) => Enumerable.Range(0, n).Select(f).ToList();
        // Elementwise with a scalar broadcast, as .NET's vector operators do.
        List<Expr> Zip(BinaryOp op) => Each(k => new Bin(t, op, Agg(0) ? parts[0][k] : S(0), Agg(1) ? parts[1][k] : S(1)));

        switch (name)
        {
            case ".ctor" when parts.Count == 0:
                return Each(_ => new Lit(t, 0));
            case ".ctor" when parts.Count == n && !operands.Any(o => IsAggregate(o.Type)):
                return Each(S);
            case ".ctor" when parts.Count == 1 && !complex && !Agg(0):
                return Each(_ => S(0));
            case "op_Addition" or "Add" when parts.Count == 2:
                return complex && (!Agg(0) || !Agg(1)) ? ComplexWithReal(parts, Agg(0), BinaryOp.Add) : Zip(BinaryOp.Add);
            case "op_Subtraction" or "Subtract" when parts.Count == 2:
                return complex && (!Agg(0) || !Agg(1)) ? ComplexWithReal(parts, Agg(0), BinaryOp.Subtract) : Zip(BinaryOp.Subtract);
            case "op_Multiply" or "Multiply" when parts.Count == 2:
                if (complex && Agg(0) && Agg(1))
                {
                    Expr a = parts[0][0], b = parts[0][1], c = parts[1][0], d = parts[1][1];
                    return new List<Expr> { new Bin(t, BinaryOp.Subtract, new Bin(t, BinaryOp.Multiply, a, c), new Bin(t, BinaryOp.Multiply, b, d)), new Bin(t, BinaryOp.Add, new Bin(t, BinaryOp.Multiply, b, c), new Bin(t, BinaryOp.Multiply, a, d)) };
                }
                return Zip(BinaryOp.Multiply);
            case "op_Division" or "Divide" when parts.Count == 2:
                if (complex && Agg(1)) return ComplexDivide(Agg(0) ? parts[0][0] : S(0), Agg(0) ? parts[0][1] : null, parts[1][0], parts[1][1]);
                return Zip(BinaryOp.Divide);
            case "op_UnaryNegation" or "Negate" when parts.Count == 1:
                return parts[0].Select(E.Neg).ToList();
            case "op_UnaryPlus" when parts.Count == 1:
                return parts[0];
            case "Normalize" when !complex && parts.Count == 1:
            {
                Expr length = Spill(E.P("Sqrt", Dot(parts[0], parts[0])), "length");
                return parts[0].Select(x => (Expr)new Bin(t, BinaryOp.Divide, x, length)).ToList();
            }
            case "Cross" when numerics == "Vector3" && parts.Count == 2:
            {
                List<Expr> a = parts[0], b = parts[1];
                Expr Term(int i, int j) => new Bin(t, BinaryOp.Subtract, new Bin(t, BinaryOp.Multiply, a[i], b[j]), new Bin(t, BinaryOp.Multiply, a[j], b[i]));
                return new List<Expr> { Term(1, 2), Term(2, 0), Term(0, 1) };
            }
            case "Conjugate" when complex && parts.Count == 1:
                return new List<Expr> { parts[0][0], E.Neg(parts[0][1]) };
            case "Exp" when complex && parts.Count == 1:
            {
                Expr exp = Spill(E.P("Exp", parts[0][0]), "expReal");
                return new List<Expr> { new Bin(t, BinaryOp.Multiply, exp, E.P("Cos", parts[0][1])), new Bin(t, BinaryOp.Multiply, exp, E.P("Sin", parts[0][1])) };
            }
            case "Pow" when complex && parts.Count == 2 && Agg(0):
                return ComplexPow(parts[0][0], parts[0][1], Agg(1) ? parts[1][0] : S(1), Agg(1) ? parts[1][1] : null);
            case "FromPolarCoordinates" when complex && parts.Count == 2:
                return new List<Expr> { new Bin(t, BinaryOp.Multiply, S(0), E.P("Cos", S(1))), new Bin(t, BinaryOp.Multiply, S(0), E.P("Sin", S(1))) };
            default:
                Unsupported(site, $"'{numerics}.{(name == ".ctor" ? "new" : name)}' here", complex
                    ? "SourceAD builds in Complex's constructor, +, −, ×, ÷, Real, Imaginary, Magnitude, Phase, Abs, Exp, Pow, Conjugate and FromPolarCoordinates"
                    : $"SourceAD builds in {numerics}'s constructors, +, −, ×, ÷, Dot, Length, LengthSquared, Distance, DistanceSquared, Normalize{(numerics == "Vector3" ? " and Cross" : "")}");
                return null;
        }
    }

    /// <summary>A scalar-valued System.Numerics operation: Dot, Length, Distance, Magnitude, Phase, Abs.</summary>
    private Expr NumericsScalar(IOperation site, string numerics, IOperation? instance, List<IOperation> args, string name, string type)
    {
        var operands = new List<IOperation>();
        if (instance is not null) operands.Add(instance);
        operands.AddRange(args);
        List<List<Expr>>? parts = LowerParts(operands);
        if (parts is null) return new Lit(type, 0);
        parts = parts.Select(p => p.Select(Cheap).ToList()).ToList();
        bool complex = numerics == "Complex";
        string t = complex ? "double" : "float";
        switch (name)
        {
            case "Dot" when !complex && parts.Count == 2:
                return E.To(type, Dot(parts[0], parts[1]));
            case "LengthSquared" when !complex && parts.Count == 1:
                return E.To(type, Dot(parts[0], parts[0]));
            case "Length" when !complex && parts.Count == 1:
                return E.To(type, E.P("Sqrt", Dot(parts[0], parts[0])));
            case "DistanceSquared" or "Distance" when !complex && parts.Count == 2:
            {
                var difference = parts[0].Zip(parts[1], (a, b) => Cheap(new Bin(t, BinaryOp.Subtract, a, b))).ToList();
                Expr squared = Dot(difference, difference);
                return E.To(type, name == "Distance" ? E.P("Sqrt", squared) : squared);
            }
            case "Magnitude" or "Abs" when complex && parts.Count == 1:
                return E.To(type, Hypot(parts[0][0], parts[0][1]));
            case "Phase" when complex && parts.Count == 1:
                return E.To(type, new Prim(t, "Atan2", new[] { parts[0][1], parts[0][0] }.ToEquatable()));
            default:
                Unsupported(site, $"'{numerics}.{name}' here", complex
                    ? "SourceAD builds in Complex's Real, Imaginary, Magnitude, Phase and Abs"
                    : $"SourceAD builds in {numerics}'s Dot, Length, LengthSquared, Distance and DistanceSquared");
                return new Lit(type, 0);
        }
    }

    /// <summary>((x₀y₀ + x₁y₁) + x₂y₂) + …: the order of Vector128.Dot on the vector's lanes.</summary>
    private static Expr Dot(List<Expr> a, List<Expr> b)
    {
        Expr sum = new Bin(a[0].Type, BinaryOp.Multiply, a[0], b[0]);
        for (int i = 1; i < a.Count; i++) sum = new Bin(a[0].Type, BinaryOp.Add, sum, new Bin(a[0].Type, BinaryOp.Multiply, a[i], b[i]));
        return sum;
    }

    /// <summary>Complex ± double and double ± Complex: the real part alone changes (for −, the imaginary part is negated when the complex is on the right).</summary>
    private static List<Expr> ComplexWithReal(List<List<Expr>> parts, bool complexLeft, BinaryOp op)
    {
        if (complexLeft) return new List<Expr> { new Bin("double", op, parts[0][0], E.To("double", parts[1][0])), parts[0][1] };
        Expr im = op == BinaryOp.Subtract ? E.Neg(parts[1][1]) : parts[1][1];
        return new List<Expr> { new Bin("double", op, E.To("double", parts[0][0]), parts[1][0]), im };
    }

    /// <summary>(a + bi) / (c + di) by Smith's formula, as System.Numerics.Complex divides; <paramref name="b"/> null for a real numerator.</summary>
    private List<Expr> ComplexDivide(Expr a, Expr? b, Expr c, Expr d)
    {
        const string t = "double";
        Expr smallD = E.Cmp(BinaryOp.LessThan, E.P("Abs", d), E.P("Abs", c));
        Expr doc = new Bin(t, BinaryOp.Divide, d, c), cod = new Bin(t, BinaryOp.Divide, c, d);
        Expr den1 = new Bin(t, BinaryOp.Add, c, new Bin(t, BinaryOp.Multiply, d, doc)), den2 = new Bin(t, BinaryOp.Add, d, new Bin(t, BinaryOp.Multiply, c, cod));
        if (b is null)
        {
            return new List<Expr>
            {
                new Cond(t, smallD, new Bin(t, BinaryOp.Divide, a, den1), new Bin(t, BinaryOp.Divide, new Bin(t, BinaryOp.Multiply, a, cod), den2)),
                new Cond(t, smallD, new Bin(t, BinaryOp.Divide, new Bin(t, BinaryOp.Multiply, E.Neg(a), doc), den1), new Bin(t, BinaryOp.Divide, E.Neg(a), den2)),
            };
        }
        return new List<Expr>
        {
            new Cond(t, smallD, new Bin(t, BinaryOp.Divide, new Bin(t, BinaryOp.Add, a, new Bin(t, BinaryOp.Multiply, b, doc)), den1), new Bin(t, BinaryOp.Divide, new Bin(t, BinaryOp.Add, b, new Bin(t, BinaryOp.Multiply, a, cod)), den2)),
            new Cond(t, smallD, new Bin(t, BinaryOp.Divide, new Bin(t, BinaryOp.Subtract, b, new Bin(t, BinaryOp.Multiply, a, doc)), den1), new Bin(t, BinaryOp.Divide, new Bin(t, BinaryOp.Add, E.Neg(a), new Bin(t, BinaryOp.Multiply, b, cod)), den2)),
        };
    }

    /// <summary>
    /// <c>Complex.Pow(re + i·im, c + i·d)</c> as .NET computes it: ρ = Abs(z), θ = Atan2(im, re), then
    /// FromPolarCoordinates(Pow(ρ, c)·Exp(−d·θ), c·θ + d·Log(ρ)); <paramref name="d"/> null for a real power, whose
    /// imaginary part .NET carries as 0 (Exp(−0·θ) is exactly 1 and 0·Log(ρ) adds a zero, so both are left out).
    /// .NET returns Zero for a zero base (One for 0⁰); there ρ and θ are taken at 1 + 0i so that no partial of Log,
    /// Atan2 or Pow at 0 turns the untaken branch's zero adjoint into NaN. A zero power otherwise goes through the
    /// general formula, which gives One bit for bit and keeps the derivative in the power.
    /// </summary>
    private List<Expr> ComplexPow(Expr re, Expr im, Expr c, Expr? d)
    {
        const string t = "double";
        Expr zero = new Lit(t, 0), one = new Lit(t, 1);
        Expr zeroBase = Spill(new Bin(IrType.Bool, BinaryOp.ConditionalAnd, E.Cmp(BinaryOp.Equal, re, zero), E.Cmp(BinaryOp.Equal, im, zero)), "zeroBase");
        Expr safeRe = Spill(new Cond(t, zeroBase, one, re), "re"), safeIm = Spill(new Cond(t, zeroBase, zero, im), "im");
        Expr rho = Spill(Hypot(safeRe, safeIm), "rho");
        Expr theta = Spill(new Prim(t, "Atan2", new[] { safeIm, safeRe }.ToEquatable()), "theta");
        Expr phase = new Bin(t, BinaryOp.Multiply, c, theta);
        Expr magnitude = E.P("Pow", rho, c);
        if (d is not null)
        {
            phase = new Bin(t, BinaryOp.Add, phase, new Bin(t, BinaryOp.Multiply, d, E.P("Log", rho)));
            magnitude = new Bin(t, BinaryOp.Multiply, magnitude, E.P("Exp", new Bin(t, BinaryOp.Multiply, E.Neg(d), theta)));
        }
        phase = Spill(phase, "phase");
        magnitude = Spill(magnitude, "magnitude");
        Expr zeroPower = d is null ? E.Cmp(BinaryOp.Equal, c, zero)
            : new Bin(IrType.Bool, BinaryOp.ConditionalAnd, E.Cmp(BinaryOp.Equal, c, zero), E.Cmp(BinaryOp.Equal, d, zero));
        return new List<Expr>
        {
            new Cond(t, zeroBase, new Cond(t, zeroPower, one, zero), new Bin(t, BinaryOp.Multiply, magnitude, E.P("Cos", phase))),
            new Cond(t, zeroBase, zero, new Bin(t, BinaryOp.Multiply, magnitude, E.P("Sin", phase))),
        };
    }

    /// <summary>|a + bi|: Complex.Abs is double.Hypot (checked bit for bit by the tests), a primitive row.</summary>
    private static Expr Hypot(Expr re, Expr im) => E.P("Hypot", re, im);
}
