using System.Reflection;
using SourceAD.Generators.Primitives;
using SourceAD.Generators.Tests.Support;
using Xunit;

namespace SourceAD.Generators.Tests;

/// <summary>
/// Table-driven: every row of the primitive table, at every sample point of its domain, in reverse and forward mode,
/// against central finite differences and against an independent closed form. A new row without a closed form here
/// fails <see cref="EveryRowHasAClosedForm"/>.
/// </summary>
public class PrimitiveTableTests
{
    /// <summary>How each row is written in C#, with arguments a, b, c.</summary>
    private static readonly Dictionary<string, string> CSharp = new()
    {
        ["Add"] = "a + b", ["Sub"] = "a - b", ["Mul"] = "a * b", ["Div"] = "a / b", ["Rem"] = "a % b", ["Neg"] = "-a",
        ["Exp"] = "Math.Exp(a)", ["Log"] = "Math.Log(a)", ["LogBase"] = "Math.Log(a, b)", ["Log10"] = "Math.Log10(a)", ["Log2"] = "Math.Log2(a)",
        ["Sqrt"] = "Math.Sqrt(a)", ["Cbrt"] = "Math.Cbrt(a)", ["Pow"] = "Math.Pow(a, b)",
        ["Sin"] = "Math.Sin(a)", ["Cos"] = "Math.Cos(a)", ["Tan"] = "Math.Tan(a)", ["Asin"] = "Math.Asin(a)", ["Acos"] = "Math.Acos(a)",
        ["Atan"] = "Math.Atan(a)", ["Atan2"] = "Math.Atan2(a, b)", ["Sinh"] = "Math.Sinh(a)", ["Cosh"] = "Math.Cosh(a)", ["Tanh"] = "Math.Tanh(a)",
        ["FusedMultiplyAdd"] = "Math.FusedMultiplyAdd(a, b, c)", ["Hypot"] = "double.Hypot(a, b)",
        ["Abs"] = "Math.Abs(a)", ["Max"] = "Math.Max(a, b)", ["Min"] = "Math.Min(a, b)", ["Clamp"] = "Math.Clamp(a, b, c)",
        ["Relu"] = "Nonsmooth.Relu(a)", ["LeakyRelu"] = "Nonsmooth.LeakyRelu(a, b)",
        ["Asinh"] = "Math.Asinh(a)", ["Acosh"] = "Math.Acosh(a)", ["Atanh"] = "Math.Atanh(a)",
        ["Exp2"] = "double.Exp2(a)", ["Exp10"] = "double.Exp10(a)", ["ExpM1"] = "double.ExpM1(a)", ["Exp2M1"] = "double.Exp2M1(a)", ["Exp10M1"] = "double.Exp10M1(a)",
        ["LogP1"] = "double.LogP1(a)", ["Log2P1"] = "double.Log2P1(a)", ["Log10P1"] = "double.Log10P1(a)",
        ["SinPi"] = "double.SinPi(a)", ["CosPi"] = "double.CosPi(a)", ["TanPi"] = "double.TanPi(a)",
        ["AsinPi"] = "double.AsinPi(a)", ["AcosPi"] = "double.AcosPi(a)", ["AtanPi"] = "double.AtanPi(a)", ["Atan2Pi"] = "double.Atan2Pi(a, b)",
        ["DegreesToRadians"] = "double.DegreesToRadians(a)", ["RadiansToDegrees"] = "double.RadiansToDegrees(a)",
        ["Lerp"] = "double.Lerp(a, b, c)", ["ScaleB"] = "Math.ScaleB(a, (int)b)", ["RootN"] = "double.RootN(a, (int)b)", ["CopySign"] = "Math.CopySign(a, b)",
        ["Floor"] = "Math.Floor(a)", ["Ceiling"] = "Math.Ceiling(a)", ["Round"] = "Math.Round(a)", ["Truncate"] = "Math.Truncate(a)", ["Sign"] = "(double)Math.Sign(a)",
    };

    /// <summary>Closed-form gradients, written independently of the table's rules.</summary>
    private static readonly Dictionary<string, Func<double[], double[]>> ClosedForm = new()
    {
        ["Add"] = v => new[] { 1.0, 1 }, ["Sub"] = v => new[] { 1.0, -1 }, ["Mul"] = v => new[] { v[1], v[0] },
        ["Div"] = v => new[] { 1 / v[1], -v[0] / (v[1] * v[1]) }, ["Rem"] = v => new[] { 1.0, -Math.Truncate(v[0] / v[1]) }, ["Neg"] = v => new[] { -1.0 },
        ["Exp"] = v => new[] { Math.Exp(v[0]) }, ["Log"] = v => new[] { 1 / v[0] },
        ["LogBase"] = v => new[] { 1 / (v[0] * Math.Log(v[1])), -Math.Log(v[0]) / (v[1] * Math.Log(v[1]) * Math.Log(v[1])) },
        ["Log10"] = v => new[] { 1 / (v[0] * Math.Log(10)) }, ["Log2"] = v => new[] { 1 / (v[0] * Math.Log(2)) },
        ["Sqrt"] = v => new[] { 0.5 / Math.Sqrt(v[0]) }, ["Cbrt"] = v => new[] { Math.Pow(v[0], -2.0 / 3) / 3 },
        ["Pow"] = v => new[] { v[1] * Math.Pow(v[0], v[1] - 1), Math.Pow(v[0], v[1]) * Math.Log(v[0]) },
        ["Sin"] = v => new[] { Math.Cos(v[0]) }, ["Cos"] = v => new[] { -Math.Sin(v[0]) }, ["Tan"] = v => new[] { 1 / (Math.Cos(v[0]) * Math.Cos(v[0])) },
        ["Asin"] = v => new[] { 1 / Math.Sqrt(1 - v[0] * v[0]) }, ["Acos"] = v => new[] { -1 / Math.Sqrt(1 - v[0] * v[0]) },
        ["Atan"] = v => new[] { 1 / (1 + v[0] * v[0]) },
        ["Atan2"] = v => new[] { v[1] / (v[0] * v[0] + v[1] * v[1]), -v[0] / (v[0] * v[0] + v[1] * v[1]) },
        ["Sinh"] = v => new[] { Math.Cosh(v[0]) }, ["Cosh"] = v => new[] { Math.Sinh(v[0]) }, ["Tanh"] = v => new[] { 1 / (Math.Cosh(v[0]) * Math.Cosh(v[0])) },
        ["FusedMultiplyAdd"] = v => new[] { v[1], v[0], 1.0 },
        ["Hypot"] = v => new[] { v[0] / Math.Sqrt(v[0] * v[0] + v[1] * v[1]), v[1] / Math.Sqrt(v[0] * v[0] + v[1] * v[1]) },
        ["Abs"] = v => new[] { (double)Math.Sign(v[0]) },
        ["Max"] = v => v[0] > v[1] ? new[] { 1.0, 0 } : new[] { 0.0, 1 }, ["Min"] = v => v[0] < v[1] ? new[] { 1.0, 0 } : new[] { 0.0, 1 },
        ["Clamp"] = v => v[0] < v[1] ? new[] { 0.0, 1, 0 } : v[0] > v[2] ? new[] { 0.0, 0, 1 } : new[] { 1.0, 0, 0 },
        ["Relu"] = v => new[] { v[0] > 0 ? 1.0 : 0 }, ["LeakyRelu"] = v => v[0] > 0 ? new[] { 1.0, 0 } : new[] { v[1], v[0] },
        ["Asinh"] = v => new[] { 1 / Math.Sqrt(v[0] * v[0] + 1) }, ["Acosh"] = v => new[] { 1 / Math.Sqrt(v[0] * v[0] - 1) },
        ["Atanh"] = v => new[] { 1 / (1 - v[0] * v[0]) },
        ["Exp2"] = v => new[] { Math.Pow(2, v[0]) * Math.Log(2) }, ["Exp10"] = v => new[] { Math.Pow(10, v[0]) * Math.Log(10) },
        ["ExpM1"] = v => new[] { Math.Exp(v[0]) }, ["Exp2M1"] = v => new[] { Math.Pow(2, v[0]) * Math.Log(2) }, ["Exp10M1"] = v => new[] { Math.Pow(10, v[0]) * Math.Log(10) },
        ["LogP1"] = v => new[] { 1 / (1 + v[0]) }, ["Log2P1"] = v => new[] { 1 / ((1 + v[0]) * Math.Log(2)) }, ["Log10P1"] = v => new[] { 1 / ((1 + v[0]) * Math.Log(10)) },
        ["SinPi"] = v => new[] { Math.PI * Math.Cos(Math.PI * v[0]) }, ["CosPi"] = v => new[] { -Math.PI * Math.Sin(Math.PI * v[0]) },
        ["TanPi"] = v => new[] { Math.PI / (Math.Cos(Math.PI * v[0]) * Math.Cos(Math.PI * v[0])) },
        ["AsinPi"] = v => new[] { 1 / (Math.PI * Math.Sqrt(1 - v[0] * v[0])) }, ["AcosPi"] = v => new[] { -1 / (Math.PI * Math.Sqrt(1 - v[0] * v[0])) },
        ["AtanPi"] = v => new[] { 1 / (Math.PI * (1 + v[0] * v[0])) },
        ["Atan2Pi"] = v => new[] { v[1] / (Math.PI * (v[0] * v[0] + v[1] * v[1])), -v[0] / (Math.PI * (v[0] * v[0] + v[1] * v[1])) },
        ["DegreesToRadians"] = v => new[] { Math.PI / 180 }, ["RadiansToDegrees"] = v => new[] { 180 / Math.PI },
        ["Lerp"] = v => new[] { 1 - v[2], v[2], v[1] - v[0] },
        ["ScaleB"] = v => new[] { Math.Pow(2, (int)v[1]), 0.0 }, ["RootN"] = v => new[] { Math.Pow(v[0], 1.0 / (int)v[1]) / ((int)v[1] * v[0]), 0.0 },
        ["CopySign"] = v => new[] { Math.Sign(v[0]) * Math.Sign(v[1]), 0.0 },
        ["Floor"] = v => new[] { 0.0 }, ["Ceiling"] = v => new[] { 0.0 }, ["Round"] = v => new[] { 0.0 }, ["Truncate"] = v => new[] { 0.0 }, ["Sign"] = v => new[] { 0.0 },
    };

    private static readonly Lazy<Type> Compiled = new(() =>
    {
        var methods = PrimitiveTable.Rows.Values.OrderBy(p => p.Name).Select(p =>
            $"    [Differentiable] public static double {p.Name}({Params(p.Arity)}) => {CSharp[p.Name]};");
        string source = "using System;\nusing SourceAD;\nnamespace T;\npublic static partial class Prims\n{\n" + string.Join("\n", methods) + "\n}\n";
        return GeneratorHarness.Load(source).GetType("T.Prims")!;
    });

    private static string Params(int arity) => string.Join(", ", new[] { "double a", "double b", "double c" }.Take(arity));

    public static IEnumerable<object[]> Points() =>
        PrimitiveTable.Rows.Values.OrderBy(p => p.Name).SelectMany(p => p.Domain.Select(point => new object[] { p.Name, point }));

    [Fact]
    public void EveryRowHasAClosedForm()
    {
        foreach (string name in PrimitiveTable.Rows.Keys)
        {
            Assert.True(ClosedForm.ContainsKey(name) && CSharp.ContainsKey(name), $"Primitive '{name}' has no closed form or C# spelling in this test.");
        }
    }

    [Theory]
    [MemberData(nameof(Points))]
    public void ReverseAndForwardMatchClosedFormAndFiniteDifferences(string name, double[] point)
    {
        Type t = Compiled.Value;
        int n = point.Length;
        MethodInfo primal = t.GetMethod(name)!;
        MethodInfo gradient = t.GetMethod(name + "Gradient")!;
        MethodInfo pushforward = t.GetMethod(name + "Pushforward")!;
        double f(double[] v) => (double)primal.Invoke(null, v.Cast<object>().ToArray())!;

        var tuple = (System.Runtime.CompilerServices.ITuple)gradient.Invoke(null, point.Cast<object>().ToArray())!;
        Assert.Equal(f(point), (double)tuple[0]!);
        double[] reverse = Enumerable.Range(1, n).Select(i => (double)tuple[i]!).ToArray();
        double[] expected = ClosedForm[name](point);
        for (int i = 0; i < n; i++)
        {
            AssertClose(expected[i], reverse[i], 1e-12, $"{name} reverse ∂/∂arg{i} at ({string.Join(", ", point)}) vs closed form");
            var args = point.Cast<object>().Concat(Enumerable.Range(0, n).Select(k => (object)(k == i ? 1.0 : 0.0))).ToArray();
            var forward = (System.Runtime.CompilerServices.ITuple)pushforward.Invoke(null, args)!;
            AssertClose(expected[i], (double)forward[1]!, 1e-12, $"{name} forward ∂/∂arg{i} vs closed form");
            double h = 1e-6 * Math.Max(1, Math.Abs(point[i]));
            double[] plus = (double[])point.Clone(), minus = (double[])point.Clone();
            plus[i] += h;
            minus[i] -= h;
            AssertClose((f(plus) - f(minus)) / (2 * h), reverse[i], 1e-5, $"{name} reverse ∂/∂arg{i} vs finite differences");
        }
    }

    private static void AssertClose(double expected, double actual, double rel, string what)
    {
        double tol = 1e-9 + rel * Math.Max(Math.Abs(expected), Math.Abs(actual));
        Assert.True(Math.Abs(expected - actual) <= tol, $"{what}: expected {expected:R}, got {actual:R}");
    }
}
