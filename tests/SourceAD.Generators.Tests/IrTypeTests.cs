using System.Linq;
using SourceAD.Generators.IR;
using Xunit;
using SourceAD.Generators.Printing;

namespace SourceAD.Generators.Tests;

/// <summary>
/// The IR's typed types (IR/IrType.cs): the one classification of a C# spelling, its predicates, and value equality
/// (incremental caching compares the IR by value).
/// </summary>
public class IrTypeTests
{
    private static readonly string[] Spellings =
    {
        "double", "float", "global::System.Half", "int", "long", "short", "byte", "uint", "ulong", "sbyte", "ushort", "nint", "nuint",
        "bool", "char", "decimal", "void", "object", "string", "T", "TScalar", "global::P.Vec", "double[]", "(double, int)",
        "global::System.Span<double>",
    };

    [Theory]
    [InlineData("double", nameof(IrTypeKind.Double))]
    [InlineData("float", nameof(IrTypeKind.Float))]
    [InlineData("global::System.Half", nameof(IrTypeKind.Half))]
    [InlineData("int", nameof(IrTypeKind.Int))]
    [InlineData("long", nameof(IrTypeKind.Long))]
    [InlineData("ushort", nameof(IrTypeKind.OtherInteger))]
    [InlineData("nint", nameof(IrTypeKind.OtherInteger))]
    [InlineData("bool", nameof(IrTypeKind.Bool))]
    [InlineData("char", nameof(IrTypeKind.Char))]
    [InlineData("decimal", nameof(IrTypeKind.Decimal))]
    [InlineData("void", nameof(IrTypeKind.Void))]
    [InlineData("T", nameof(IrTypeKind.TypeParameter))]
    [InlineData("object", nameof(IrTypeKind.Other))]
    [InlineData("global::P.Vec", nameof(IrTypeKind.Other))]
    [InlineData("double[]", nameof(IrTypeKind.Other))]
    [InlineData("(double, int)", nameof(IrTypeKind.Other))]
    public void ClassifiesSpellings(string spelling, string kind)
    {
        IrType type = spelling;
        Assert.Equal(kind, type.Kind.ToString());
        Assert.Equal(spelling, type.Name);
        Assert.Equal(spelling, type.ToString());
    }

    /// <summary>The predicates keep the sets the passes spelled out before the IR was typed (the generated code must not change).</summary>
    [Fact]
    public void PredicatesMatchTheFormerSpelledSets()
    {
        string[] notReal = { "int", "long", "bool", "short", "byte", "uint", "ulong", "sbyte", "ushort", "char", "nint", "nuint", "decimal" };
        string[] numericKeywords = { "double", "float", "int", "long", "short", "byte", "uint", "ulong", "sbyte", "ushort", "decimal" };
        string[] integerLiterals = { "int", "long", "short", "byte", "uint", "ulong", "sbyte", "ushort" };
        foreach (string s in Spellings)
        {
            IrType t = IrType.Of(s);
            Assert.Equal(!notReal.Contains(s), t.IsReal);
            Assert.Equal(numericKeywords.Contains(s), t.IsNumericKeyword);
            Assert.Equal(integerLiterals.Contains(s), t.HasIntegerLiteral);
            Assert.Equal(s is "double" or "float" or "global::System.Half", t.IsFloatingKeyword);
            Assert.Equal(s.EndsWith("[]"), t.IsArray);
        }
    }

    [Fact]
    public void ComparesByValue()
    {
        Assert.Equal(IrType.Of("double"), IrType.Double);
        // A spelling classified on the spot hashes as the predefined constant does (Dictionary keys of either kind meet).
        Assert.Equal(IrType.Double.GetHashCode(), IrType.Of("double").GetHashCode());
        Assert.NotEqual(IrType.Of("T"), IrType.Of("U"));
        Assert.Equal(new Bin("double", BinaryOp.Add, new Ref("double", "x"), new Lit("double", 1)),
            new Bin(IrType.Double, BinaryOp.Add, new Ref(IrType.Double, "x"), new Lit(IrType.Double, 1)));
    }

    [Fact]
    public void LiteralsFollowTheKind()
    {
        Assert.Equal("1.0", ExprPrinter.Literal(IrType.Double, 1));
        Assert.Equal("1f", ExprPrinter.Literal(IrType.Float, 1));
        Assert.Equal("3", ExprPrinter.Literal("ushort", 3));
        Assert.Equal("true", ExprPrinter.Literal(IrType.Bool, 1));
        Assert.Equal("T.One", ExprPrinter.Literal("T", 1));
        Assert.Equal("nint.CreateTruncating(2.0)", ExprPrinter.Literal("nint", 2));
    }
}
