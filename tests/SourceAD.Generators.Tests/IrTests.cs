using SourceAD.Generators.Helpers;
using SourceAD.Generators.IR;
using Xunit;

namespace SourceAD.Generators.Tests;

/// <summary>
/// The IR's one child enumerator and rewriter: every node kind is known to it (a new record type that is not fails
/// here, before some traversal silently skips it), and rebuilding a node from its own children gives the node back.
/// </summary>
public class IrTests
{
    private static readonly Expr X = new Ref("double", "x");
    private static readonly Expr I = new Ref("int", "i");
    private static readonly CallTarget Target = new("global::C", "F", "", EquatableArray<ParamShape>.Empty, "global::C", "FPullback", "global::C", "FPushforward");

    /// <summary>One sample of every expression kind, each with children where the kind has any.</summary>
    private static readonly Expr[] Samples =
    {
        new Lit("double", 1), X, new Elem("double", "a", I), new Len("a"), new Un("double", UnaryOp.Negate, X),
        new Bin("double", BinaryOp.Multiply, X, X), new Prim("double", "Exp", EquatableArray.Of(X)), new Cond("double", new Bin("bool", BinaryOp.GreaterThan, X, new Lit("double", 0)), X, new Lit("double", 0)),
        new Conv("float", X), new Call("double", Target, EquatableArray.Of(X)), new Opaque("double", "this.k"),
        new PassiveCall("int", "global::C.G", EquatableArray.Of(I)),
        new Slice("global::System.ReadOnlySpan<double>", "a", true, I, new Len("a")),
        new DataRead("double", "this.f[{0}][{1}]", EquatableArray.Of(I, I)),
    };

    private static readonly Stmt[] StatementSamples =
    {
        new Assign(X, X), new NewArray("a", "double", I), new If(new Lit("bool", 1), EquatableArray.Of<Stmt>(new Assign(X, X)), EquatableArray<Stmt>.Empty),
        new For("i", new Lit("int", 0), new Bin("bool", BinaryOp.LessThan, I, new Len("a")), 1, EquatableArray.Of<Stmt>(new Assign(X, X))),
        new While(new Lit("bool", 1), EquatableArray.Of<Stmt>(new Assign(X, X)), EquatableArray<Stmt>.Empty, false),
        new ThrowStmt("throw null;"), new EffectStmt("global::System.Console.WriteLine(x);"), new Return(X), new Jump(JumpKind.Return, X), new CallStmt(new Call("double", Target, EquatableArray.Of(X))),
    };

    [Fact]
    public void SamplesCoverEveryNodeKind()
    {
        var exprKinds = typeof(Expr).Assembly.GetTypes().Where(t => !t.IsAbstract && typeof(Expr).IsAssignableFrom(t)).ToHashSet();
        Assert.Equal(exprKinds.OrderBy(t => t.Name), Samples.Select(s => s.GetType()).Distinct().OrderBy(t => t.Name));
        var stmtKinds = typeof(Stmt).Assembly.GetTypes().Where(t => !t.IsAbstract && typeof(Stmt).IsAssignableFrom(t)).ToHashSet();
        Assert.Equal(stmtKinds.OrderBy(t => t.Name), StatementSamples.Select(s => s.GetType()).Distinct().OrderBy(t => t.Name));
    }

    [Fact]
    public void RebuildingFromChildrenGivesTheNodeBack()
    {
        foreach (Expr e in Samples) Assert.Equal(e, Ir.WithChildren(e, Ir.Children(e).ToArray()));
        foreach (Stmt s in StatementSamples) Assert.Equal(s, Ir.With(s, Ir.Operands(s).ToArray(), b => b));
    }

    [Fact]
    public void RewriteReachesEveryExpressionOfEveryStatement()
    {
        // Renaming x everywhere must leave no x behind, in any node kind or statement position.
        foreach (Stmt s in StatementSamples)
        {
            Stmt renamed = Ir.Rewrite(s, e => e is Ref { Name: "x" } r ? r with { Name = "y" } : e);
            Assert.DoesNotContain(Ir.AllExpressions(new[] { renamed }), e => e is Ref { Name: "x" });
            Assert.Equal(Ir.AllExpressions(new[] { s }).Count(e => e is Ref { Name: "x" }), Ir.AllExpressions(new[] { renamed }).Count(e => e is Ref { Name: "y" }));
        }
        foreach (Expr e in Samples)
        {
            Expr renamed = Ir.Rewrite(e, n => n is Ref { Name: "i" } r ? r with { Name = "j" } : n);
            Assert.DoesNotContain(Ir.DescendantsAndSelf(renamed), n => n is Ref { Name: "i" });
        }
    }

    [Fact]
    public void RewriteIsBottomUpAndReplaceIsTopDown()
    {
        Expr e = new Bin("double", BinaryOp.Add, new Bin("double", BinaryOp.Multiply, X, X), X);
        var seen = new List<string>();
        Ir.Rewrite(e, n => { seen.Add(n is Bin b ? Operators.Token(b.Op) : ((Ref)n).Name); return n; });
        Assert.Equal(new[] { "x", "x", "*", "x", "+" }, seen);
        // Replace stops at a replaced subtree: the x inside the product is not visited.
        Expr replaced = Ir.Replace(e, n => n is Bin { Op: BinaryOp.Multiply } ? new Ref("double", "p") : n is Ref { Name: "x" } ? new Ref("double", "z") : null);
        Assert.Equal(new Bin("double", BinaryOp.Add, new Ref("double", "p"), new Ref("double", "z")), replaced);
    }
}
