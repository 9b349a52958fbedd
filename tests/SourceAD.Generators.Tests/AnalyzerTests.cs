using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using SourceAD.Analyzers;
using SourceAD.CodeFixes;
using SourceAD.Generators.Tests.Support;
using Xunit;

namespace SourceAD.Generators.Tests;

/// <summary>One test per diagnostic ID (analyzers/README.md lists them), with locations checked by markup.</summary>
public class AnalyzerTests
{
    private const string Usings = "using System;\nusing SourceAD;\n";

    private static DiagnosticResult D(string id, DiagnosticSeverity severity = DiagnosticSeverity.Error) => new(id, severity);

    private static Task Run(string body, params DiagnosticResult[] expected) =>
        new Verify.Analyzer<DifferentiableAnalyzer>(Usings + "public static partial class C\n{\n" + body + "\n}\n", expected).RunAsync();

    [Fact]
    public Task SRCAD0001_UnsupportedStatement() => Run("""
            [Differentiable]
            public static double F(double x)
            {
                {|#0:try { return x; } catch (System.ArithmeticException) { return 0; }|}
            }
        """, D("SRCAD0001").WithLocation(0).WithArguments("Catching an exception inside the method", "catch it in the caller, around the call of the [Differentiable] method (or of its Gradient); the derivative code cannot resume where an exception leaves the try block"));

    [Fact]
    public Task SRCAD0001_ThreeLevelJaggedLocal() => Run("""
            [Differentiable]
            public static double F(double x)
            {
                var {|#0:a = new double[2][][]|};
                return x;
            }
        """, D("SRCAD0001").WithLocation(0).WithArguments("The local 'a' of type 'double[][][]'", "use T[], T[,], T[,,] or T[][]"));

    [Fact]
    // A differentiable input may be edited in place (EditedInputTests); a [NoDerivative] data array may not.
    public Task SRCAD0001_WriteToInputArray() => Run("""
            [Differentiable]
            public static double F([NoDerivative] double[] x)
            {
                {|#0:x[0]|} = 1;
                return x[0];
            }
        """, D("SRCAD0001").WithLocation(0).WithArguments("Writing to the input array 'x'", "inputs are read-only here: copy into a local array, or declare the parameter Span<T> to make it an output"));

    [Fact]
    public Task SRCAD0001_RecursiveLocalFunction() => Run("""
            [Differentiable]
            public static double F(double x)
            {
                double Power(double v, int n) => n == 0 ? 1 : v * {|#0:Power(v, n - 1)|};
                return Power(x, 3);
            }
        """, D("SRCAD0001").WithLocation(0).WithArguments("The recursive local function 'Power'", "make it a [Differentiable] method of the type (a method may call itself)"));

    [Fact]
    public Task SRCAD0001_BreakNestedInASwitchSection() => Run("""
            [Differentiable]
            public static double F(double x, int k)
            {
                switch (k)
                {
                    case 0:
                        if (x > 0) {|#0:break;|}
                        x = -x;
                        break;
                }
                return x;
            }
        """, D("SRCAD0001").WithLocation(0).WithArguments("A break out of a switch section from inside a nested statement", "make break the section's last statement, or write the section as an if/else"));

    [Fact]
    public Task SRCAD0001_LambdaUsedAsAValue() => Run("""
            [Differentiable]
            public static double F(double x)
            {
                Func<double, double> f = v => v * v;
                Func<double, double> g = {|#0:f|};
                return f(x);
            }
        """, D("SRCAD0001").WithLocation(0).WithArguments("Using the lambda 'f' other than by calling it", "call it directly: f(x)"));

    [Fact]
    public Task SRCAD0001_Goto() => Run("""
            [Differentiable]
            public static double F(double x)
            {
                {|#0:goto done;|}
                {|#1:done: return x;|}
            }
        """, D("SRCAD0001").WithLocation(0).WithArguments("goto and labels", "use a loop with break/continue, or if/else"),
            D("SRCAD0001").WithLocation(1).WithArguments("goto and labels", "use a loop with break/continue, or if/else"));

    [Fact]
    public Task SRCAD0001_Dynamic() => Run("""
            [Differentiable]
            public static double F(double x)
            {
                dynamic d = {|#0:x|};
                return {|#1:x * d|};
            }
        """, D("SRCAD0001").WithLocation(0).WithArguments("dynamic", "give the value a static numeric type (double, float or T)"),
            D("SRCAD0001").WithLocation(1).WithArguments("dynamic", "give the value a static numeric type (double, float or T)"));

    [Fact]
    public Task SRCAD0002_CallWithoutDerivative() => Run("""
            [Differentiable]
            public static double F(double x) => {|#0:Math.IEEERemainder(x, 2.0)|} + 1;
        """, D("SRCAD0002").WithLocation(0).WithArguments("Math.IEEERemainder"));

    [Fact]
    public Task SRCAD0002_ResolvedByDerivativeOf() => Run("""
            public static double Helper(double v) => v * 2;

            [DerivativeOf(typeof(C), nameof(Helper))]
            public static double HelperPullback(double v, double seed, ref double dv) { dv += 2 * seed; return Helper(v); }

            [Differentiable]
            public static double F(double x) => Helper(x) + 1;
        """);

    [Fact]
    public Task SRCAD0003_NotPartialWithCodeFix() => new Verify.CodeFix<DifferentiableAnalyzer, MakePartialCodeFix>(
        Usings + "public static class {|#0:C|}\n{\n    [Differentiable]\n    public static double F(double x) => x * x;\n}\n",
        Usings + "public static partial class C\n{\n    [Differentiable]\n    public static double F(double x) => x * x;\n}\n",
        D("SRCAD0003").WithLocation(0).WithArguments("C", "F")).RunAsync();

    [Fact]
    public Task SRCAD0004_UnsupportedReturnType() => Run("""
            [Differentiable]
            public static int {|#0:F|}(double x) => (int)x;
        """, D("SRCAD0004").WithLocation(0).WithArguments("F", "it returns 'int'; a [Differentiable] method returns double, float, Half or a generic T : IFloatingPointIeee754<T>, or is void and writes Span<T> outputs"));

    [Fact]
    public Task SRCAD0004_GenericMathTWithOtherConstraintsNamesThem() => Run("""
            [Differentiable]
            public static T {|#0:SumOfSquares|}<T>(T[] x) where T : struct, System.Numerics.IFloatingPoint<T>
            {
                T s = T.Zero;
                for (int i = 0; i < x.Length; i++) s += x[i] * x[i];
                return s;
            }
        """, D("SRCAD0004").WithLocation(0).WithArguments("SumOfSquares",
            "it returns 'T', which is constrained to System.Numerics.IFloatingPoint<T> and struct/class/new()/unmanaged/notnull; SourceAD differentiates a generic T constrained to " +
            "IFloatingPointIeee754<T>, or only to generic-math interfaces it implies with arithmetic (INumber<T>, IFloatingPoint<T>, IRootFunctions<T>, …; the derivatives are " +
            "then generated for IFloatingPointIeee754<T>): constrain it so"));

    [Fact]
    public Task SRCAD0004_SequenceWithoutIndexerNamesTheRewrite() => Run("""
            [Differentiable]
            public static double Mean(System.Collections.Generic.IEnumerable<double> {|#0:samples|})
            {
                double s = 0;
                {|#1:foreach (double v in samples) s += v;|}
                return s;
            }
        """, D("SRCAD0004").WithLocation(0).WithArguments("Mean",
            "parameter 'samples' is a 'System.Collections.Generic.IEnumerable<double>', which has no indexer; take double[], ReadOnlySpan<double>, " +
            "List<double> or IReadOnlyList<double> instead, or mark it [NoDerivative]"),
        // The body is still lowered, so every other problem is reported where it is (here the loop over the sequence).
        D("SRCAD0001").WithLocation(1).WithArguments("This foreach", "iterate over an array or span parameter or local array with a single loop variable"));

    [Fact]
    public Task SRCAD0005_DerivativeOfWithWrongSignature() => Run("""
            public static double Helper(double v) => v * 2;

            [DerivativeOf(typeof(C), nameof(Helper))]
            public static double {|#0:HelperPullback|}(double v, double seed) => seed;
        """, D("SRCAD0005").WithLocation(0).WithArguments("HelperPullback",
            "a pullback of 'Helper' takes its 1 parameters, a seed, then 'ref' adjoints (Span<T> for arrays) per differentiable parameter (3 in all)"));

    [Fact]
    public Task SRCAD0101_PiecewiseConstant() => Run("""
            [Differentiable]
            public static double F(double x) => {|#0:Math.Floor(x)|} + x;
        """, D("SRCAD0101", DiagnosticSeverity.Warning).WithLocation(0).WithArguments("Math.Floor"));

    [Fact]
    public Task SRCAD2001_NonsmoothSites() => Run("""
            [Differentiable]
            public static double F(double x, double y) => {|#0:Math.Max(x, y)|} + {|#1:Math.Abs(x)|};
        """,
        D("SRCAD2001", DiagnosticSeverity.Info).WithLocation(0).WithArguments("Math.Max tie: Minimal, each argument gets 0.5"),
        D("SRCAD2001", DiagnosticSeverity.Info).WithLocation(1).WithArguments("Math.Abs at 0: derivative 0"));

    // SRCAD2001 recognizes calls as lowering does (PrimitiveBinding, issue 17): SourceAD.Nonsmooth's scalar Max and Abs,
    // reductions over a span or an array, CopySign, and not integer overloads, which have no derivative to choose.
    [Fact]
    public Task SRCAD2001_SitesBoundAsLoweringBindsThem() => Run("""
            [Differentiable]
            public static double F(double[] x, double y, int n) =>
                {|#0:Nonsmooth.Max(x[0], y)|} + {|#1:Nonsmooth.Abs(y)|} + {|#2:Nonsmooth.Max<double>(x)|} + {|#3:System.Linq.Enumerable.Min(x)|}
                + {|#4:Math.CopySign(y, x[1])|} + Math.Abs(n) + Math.Max(n, 2) + Math.Exp(y);
        """,
        D("SRCAD2001", DiagnosticSeverity.Info).WithLocation(0).WithArguments("Nonsmooth.Max tie: Minimal, each argument gets 0.5"),
        D("SRCAD2001", DiagnosticSeverity.Info).WithLocation(1).WithArguments("Nonsmooth.Abs at 0: derivative 0"),
        D("SRCAD2001", DiagnosticSeverity.Info).WithLocation(2).WithArguments("Nonsmooth.Max over a sequence, tied entries: Minimal, each of k tied entries gets 1/k"),
        D("SRCAD2001", DiagnosticSeverity.Info).WithLocation(3).WithArguments("Enumerable.Min over a sequence, tied entries: Minimal, each of k tied entries gets 1/k"),
        D("SRCAD2001", DiagnosticSeverity.Info).WithLocation(4).WithArguments("Math.CopySign at x = 0: derivative 0·sign(y)"));

    [Fact]
    public Task SRCAD2002_HybridBetaAboveOne() => Run("""
            [{|#0:Differentiable(Ties = TieRule.Hybrid, HybridBeta = 1000)|}]
            public static double F(double x, double y) => {|#1:Math.Max(x, y)|};
        """,
        D("SRCAD2002", DiagnosticSeverity.Warning).WithLocation(0).WithArguments(
            "Hybrid β = 1000 for binary ties lies outside [0, 1]: the result is only a conservative gradient (thesis Remark 10); the thesis observed unstable training (exploding gradients) at 16 and 32 bits for β ≥ 1000"),
        D("SRCAD2001", DiagnosticSeverity.Info).WithLocation(1).WithArguments("Math.Max tie: Hybrid(β=1000), first argument gets -499, second 500"));

    [Fact]
    public Task SRCAD2002_ReluAtZeroOutsideUnitInterval() => Run("""
            [{|#0:Differentiable(ReluAtZero = 2)|}]
            public static double F(double x) => {|#1:Nonsmooth.Relu(x)|};
        """,
        D("SRCAD2002", DiagnosticSeverity.Warning).WithLocation(0).WithArguments("ReluAtZero = 2 lies outside [0, 1]: the result is a conservative gradient, not a Clarke subgradient"),
        D("SRCAD2001", DiagnosticSeverity.Info).WithLocation(1).WithArguments("Nonsmooth.Relu at 0: derivative 2"));

    [Fact]
    public Task SupportedProgramHasNoErrors() => Run("""
            [Differentiable]
            public static double F(double[] w, [NoDerivative] double[] x)
            {
                double s = 0;
                for (int i = 0; i < w.Length; i++) s += Math.Tanh(w[i] * x[i]);
                return s;
            }
        """);

    private static Task RunTensor(string members, params DiagnosticResult[] expected) => new Verify.Analyzer<DifferentiableAnalyzer>(Usings + """
        using SourceAD.Tensors;
        public partial class Model
        {
            [Parameter] public Tensor W = null!;
            public bool Training;

        """ + members + "\n}\n", expected).RunAsync();

    [Fact]
    public Task SupportedTensorControlFlowHasNoErrors() => RunTensor("""
            [Differentiable]
            public Tensor Step(Tensor h) => Ops.Tanh(Ops.Linear(h, W));

            [Differentiable]
            public Tensor Loss(Tensor x, int depth)
            {
                int n = depth + 1;
                var h = Ops.Linear(x, W);
                for (int i = 0; i < n; i++)
                {
                    var skip = h;
                    h = Ops.Add(Step(h), skip);
                }
                Tensor y;
                if (Training) y = Ops.Relu(h); else y = h;
                return Ops.Sum(y);
            }

            [Differentiable]
            public static Tensor Free(Tensor a, [NoDerivative] Tensor b) => Ops.Mul(a, b);
        """);

    [Fact]
    public Task SRCAD0001_WhileLoopInTensorProgram() => RunTensor("""
            [Differentiable]
            public Tensor Loss(Tensor x)
            {
                var h = Ops.Linear(x, W);
                int k = 0;
                {|#0:while (k < 3) h = Ops.Relu(h);|}
                return Ops.Sum(h);
            }
        """, D("SRCAD0001").WithLocation(0).WithArguments("The statement 'while (k < 3) h = Ops.Relu(h);'",
            "a tensor method is made of 'var h = Ops.X(...)' statements, counted for loops and if/else on non-tensor conditions, ending in a return"));

    [Fact]
    public Task SRCAD0001_UncountedForLoopInTensorProgram() => RunTensor("""
            [Differentiable]
            public Tensor Loss(Tensor x)
            {
                var h = Ops.Linear(x, W);
                {|#0:for (int i = 1; i < 8; i *= 2) h = Ops.Relu(h);|}
                return Ops.Sum(h);
            }
        """, D("SRCAD0001").WithLocation(0).WithArguments("This for loop",
            "loops over tensors are counted: for (int i = start; i < bound; i++) (or <=, >, >=, !=; i--, i += c, i -= c), with i not written in the body"));

    [Fact]
    public Task SRCAD0001_BranchOnTensorValues() => RunTensor("""
            [Differentiable]
            public Tensor Loss(Tensor x)
            {
                var h = Ops.Linear(x, W);
                if ({|#0:x.Item() > 0|}) h = Ops.Relu(h);
                return Ops.Sum(h);
            }
        """, D("SRCAD0001").WithLocation(0).WithArguments("The tensor condition 'x.Item() > 0'",
            "branch on non-tensor values (a bool field, an int); a branch on tensor values is not differentiable"));

    [Fact]
    public Task SRCAD0001_ReturnInsideATensorLoop() => RunTensor("""
            [Differentiable]
            public Tensor Loss(Tensor x)
            {
                var h = Ops.Linear(x, W);
                for (int i = 0; i < 3; i++)
                {
                    {|#0:return h;|}
                }
                return Ops.Sum(h);
            }
        """, D("SRCAD0001").WithLocation(0).WithArguments("A return inside a loop or branch of a tensor method",
            "assign the value to a tensor local and return it at the end of the method"));

    [Fact]
    public Task SRCAD0001_TensorLocalInANonTensorExpression() => RunTensor("""
            [Differentiable]
            public Tensor Loss(Tensor x)
            {
                var h = Ops.Linear(x, W);
                return Ops.Reshape(h, {|#0:h|}.Size(0), -1);
            }
        """, D("SRCAD0001").WithLocation(0).WithArguments("The tensor local 'h' in a non-tensor expression",
            "read shapes from parameters, or compute the value before the first tensor statement"));

    [Fact]
    public Task SRCAD0001_RecursiveTensorMethod() => RunTensor("""
            [Differentiable]
            public Tensor Loss(Tensor x) => Ops.Sum({|#0:Loss(x)|});
        """, D("SRCAD0001").WithLocation(0).WithArguments("The recursive call of 'Loss'", "write the repetition as a counted for loop"));

    [Fact]
    public Task SRCAD0001_StaticTensorFunctionWithoutInputs() => RunTensor("""
            [Differentiable]
            public static Tensor {|#0:Constant|}([NoDerivative] Tensor x) => Ops.Relu(x);
        """, D("SRCAD0001").WithLocation(0).WithArguments("A static tensor function without tensor inputs",
            "differentiate with respect to Tensor parameters (not [NoDerivative]) or to the [Parameter] members of a model"));

    [Fact]
    public Task SRCAD0001_TensorOpWithoutRule() => RunTensor("""
            [Differentiable]
            public Tensor Loss(Tensor x) => {|#0:Ops.TanhBackward(x, W)|};
        """, D("SRCAD0001").WithLocation(0).WithArguments("Ops.TanhBackward",
            "it has no derivative rule the generator knows; supported: " +
            string.Join(", ", SourceAD.Generators.Registry.OpSpecs.All.Select(s => s.Name).OrderBy(n => n, StringComparer.Ordinal))));
}
