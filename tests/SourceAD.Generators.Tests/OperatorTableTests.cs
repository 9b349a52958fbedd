using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using SourceAD.Generators.IR;
using SourceAD.Generators.Lowering;
using SourceAD.Generators.Printing;
using SourceAD.Generators.Tests.Support;
using Xunit;

namespace SourceAD.Generators.Tests;

/// <summary>
/// The IR's operator table (IR/Operators.cs) and lowering's map from Roslyn's operator kinds (Lowering/OperatorKinds.cs):
/// every operator has a token and a precedence, and each Roslyn kind the lowering accepts prints back as C# that Roslyn
/// binds to the same kind, so the map and the printer's tokens cannot drift apart.
/// </summary>
public class OperatorTableTests
{
    [Fact]
    public void EveryOperatorHasADistinctToken()
    {
        var binary = Enum.GetValues(typeof(BinaryOp)).Cast<BinaryOp>().ToList();
        Assert.All(binary, op => Assert.False(string.IsNullOrEmpty(Operators.Token(op)), op.ToString()));
        Assert.All(binary, op => Assert.InRange(Operators.Precedence(op), 2, Operators.UnaryPrecedence - 1));
        Assert.Equal(binary.Count, binary.Select(Operators.Token).Distinct().Count());
        var unary = Enum.GetValues(typeof(UnaryOp)).Cast<UnaryOp>().ToList();
        Assert.All(unary, op => Assert.False(string.IsNullOrEmpty(Operators.Token(op)), op.ToString()));
        Assert.Equal(unary.Count, unary.Select(Operators.Token).Distinct().Count());
    }

    [Fact]
    public void ArithmeticRowsMapBothWays()
    {
        foreach (BinaryOp op in Enum.GetValues(typeof(BinaryOp)))
        {
            if (Operators.Row(op) is string row) Assert.Equal(op, Operators.OfRow(row));
        }
        Assert.Equal(new[] { "Add", "Sub", "Mul", "Div", "Rem" },
            Enum.GetValues(typeof(BinaryOp)).Cast<BinaryOp>().Select(Operators.Row).Where(r => r is not null));
        Assert.Equal("Neg", Operators.Row(UnaryOp.Negate));
        Assert.Null(Operators.OfRow("Exp"));
    }

    [Fact]
    public void EveryAcceptedBinaryKindRoundTripsThroughThePrinter()
    {
        var accepted = Enum.GetValues(typeof(BinaryOperatorKind)).Cast<BinaryOperatorKind>()
            .Where(k => OperatorKinds.Binary(k) is not null).ToList();
        // Every IR operator is reachable from some Roslyn kind (none is dead), and each kind maps to its own.
        Assert.Equal(Enum.GetValues(typeof(BinaryOp)).Length, accepted.Select(k => OperatorKinds.Binary(k)).Distinct().Count());
        Assert.Equal(accepted.Count, accepted.Select(k => OperatorKinds.Binary(k)).Distinct().Count());
        foreach (BinaryOperatorKind kind in accepted)
        {
            BinaryOp op = OperatorKinds.Binary(kind)!.Value;
            string type = op is BinaryOp.ConditionalAnd or BinaryOp.ConditionalOr ? "bool" : "int";
            string printed = new ExprPrinter().Print(new Bin(type, op, new Ref(type, "a"), new Ref(type, "b")));
            Assert.Equal(kind, Bind<IBinaryOperation>(type, printed).OperatorKind);
        }
    }

    [Fact]
    public void EveryAcceptedUnaryKindRoundTripsThroughThePrinter()
    {
        var accepted = Enum.GetValues(typeof(UnaryOperatorKind)).Cast<UnaryOperatorKind>()
            .Where(k => OperatorKinds.Unary(k, out _)).ToList();
        Assert.Contains(UnaryOperatorKind.Plus, accepted);
        Assert.True(OperatorKinds.Unary(UnaryOperatorKind.Plus, out UnaryOp? plus) && plus is null, "unary plus lowers to its operand");
        Assert.Equal(Enum.GetValues(typeof(UnaryOp)).Length, accepted.Count - 1);
        foreach (UnaryOperatorKind kind in accepted.Where(k => k != UnaryOperatorKind.Plus))
        {
            OperatorKinds.Unary(kind, out UnaryOp? op);
            string type = op == UnaryOp.Not ? "bool" : "int";
            string printed = new ExprPrinter().Print(new Un(type, op!.Value, new Ref(type, "a")));
            Assert.Equal(kind, Bind<IUnaryOperation>(type, printed).OperatorKind);
        }
        Assert.False(OperatorKinds.Unary(UnaryOperatorKind.True, out _));
    }

    [Fact]
    public void PrecedenceParenthesizesAsCSharpGroups()
    {
        var a = new Ref("int", "a");
        var b = new Ref("int", "b");
        var c = new Ref("int", "c");
        var printer = new ExprPrinter();
        Assert.Equal("a - (b - c)", printer.Print(new Bin("int", BinaryOp.Subtract, a, new Bin("int", BinaryOp.Subtract, b, c))));
        Assert.Equal("a - b - c", printer.Print(new Bin("int", BinaryOp.Subtract, new Bin("int", BinaryOp.Subtract, a, b), c)));
        Assert.Equal("(a + b) * c", printer.Print(new Bin("int", BinaryOp.Multiply, new Bin("int", BinaryOp.Add, a, b), c)));
        Assert.Equal("a << b + c", printer.Print(new Bin("int", BinaryOp.LeftShift, a, new Bin("int", BinaryOp.Add, b, c))));
        Assert.Equal("-(a + b)", printer.Print(new Un("int", UnaryOp.Negate, new Bin("int", BinaryOp.Add, a, b))));
        Assert.Equal("-(-a)", printer.Print(new Un("int", UnaryOp.Negate, new Un("int", UnaryOp.Negate, a))));
    }

    /// <summary>Roslyn's binding of <paramref name="expression"/> over locals <c>a</c>, <c>b</c> of <paramref name="type"/>.</summary>
    private static TOperation Bind<TOperation>(string type, string expression) where TOperation : class, IOperation
    {
        string source = $"class C {{ object M({type} a, {type} b) => {expression}; }}";
        var compilation = GeneratorHarness.Compilation(source);
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        SyntaxTree tree = compilation.SyntaxTrees.Single();
        var arrow = tree.GetRoot().DescendantNodes().OfType<ArrowExpressionClauseSyntax>().Single();
        IOperation? operation = compilation.GetSemanticModel(tree).GetOperation(arrow.Expression);
        // The arrow body converts to object: the operator is under the conversion.
        while (operation is IConversionOperation conversion) operation = conversion.Operand;
        return Assert.IsAssignableFrom<TOperation>(operation);
    }
}
