using System.Globalization;
using System.Reflection;
using System.Text;
using SourceAD.Generators.Tests.Support;
using Xunit;

namespace SourceAD.Generators.Tests;

/// <summary>
/// Differential testing: random programs built from the primitive table (straight-line, with branches, with counted
/// and data-dependent loops, with array reads and writes) are compiled with the generator, and each one's pullback and
/// pushforward are checked against central finite differences and against each other (dot-product test).
/// </summary>
public class RandomProgramTests
{
    private const int Programs = 300;
    private const int Seed = 20261124;

    private sealed class ProgramWriter
    {
        private readonly Random _rng;
        private readonly StringBuilder _sb = new();
        private readonly List<string> _scalars = new() { "a", "b", "c" };
        private int _loops;
        private int _indent = 2;

        public ProgramWriter(Random rng) => _rng = rng;

        // Unary primitives wrapped to stay in their domains and bounded.
        private static readonly string[] Unary =
        {
            "Math.Sin({0})", "Math.Cos({0})", "Math.Tanh({0})", "Math.Atan({0})", "Math.Exp(Math.Sin({0}))",
            "Math.Sqrt({0} * {0} + 1)", "Math.Log({0} * {0} + 1)", "Math.Cbrt({0})", "Math.Sinh(Math.Tanh({0}))",
            "Math.Pow(Math.Exp(Math.Sin({0})), 1.5)", "Math.Atan2({0}, 2.0)", "double.Hypot({0}, 1.5)", "Math.Abs({0} + 0.123)",
            "Math.Max({0}, 0.3)", "Math.Min({0}, -0.2)",
        };

        public string Expr(int depth)
        {
            if (depth == 0 || _rng.NextDouble() < 0.25)
            {
                double r = _rng.NextDouble();
                if (r < 0.15) return (Math.Round(_rng.NextDouble() * 4 - 2, 2)).ToString("0.0#", CultureInfo.InvariantCulture);
                if (r < 0.3) return $"v[{_rng.Next(4)}]";
                return _scalars[_rng.Next(_scalars.Count)];
            }
            switch (_rng.Next(6))
            {
                case 0: return $"({Expr(depth - 1)} + {Expr(depth - 1)})";
                case 1: return $"({Expr(depth - 1)} - {Expr(depth - 1)})";
                case 2: return $"({Expr(depth - 1)} * {Expr(depth - 1)})";
                case 3: { string d = Expr(depth - 1); return $"({Expr(depth - 1)} / (1 + {d} * {d}))"; }
                case 4: return $"({Expr(depth - 1)} > {Expr(depth - 1)} ? {Expr(depth - 1)} : {Expr(depth - 1)})";
                default: return string.Format(CultureInfo.InvariantCulture, Unary[_rng.Next(Unary.Length)], Expr(depth - 1));
            }
        }

        private void Line(string s) => _sb.Append(' ', _indent * 4).Append(s).Append('\n');

        private string Target() => _scalars[3 + _rng.Next(_scalars.Count - 3)];

        public void Statements(int count, int nesting)
        {
            for (int i = 0; i < count; i++)
            {
                int kind = nesting > 1 ? 0 : _rng.Next(7);
                switch (kind)
                {
                    case 1:
                        Line($"if ({Expr(2)} > {Expr(1)})");
                        Block(() => Assign(), nesting);
                        Line("else");
                        Block(() => Assign(), nesting);
                        break;
                    case 2:
                    {
                        string t = Target();
                        string k = "k" + _loops++;
                        Line($"for (int {k} = 0; {k} < 3; {k}++)");
                        Block(() => Line($"{t} = {t} * 0.5 + {Expr(2).Replace("v[0]", $"v[{k}]")};"), nesting);
                        break;
                    }
                    case 3:
                    {
                        // Data-dependent trip count, with break.
                        string t = Target();
                        string n = "n" + _loops++;
                        Line($"int {n} = 0;");
                        Line($"while ({n} < 4 && {t} < 1.5)");
                        Block(() =>
                        {
                            Line($"{t} = {t} + Math.Exp(-Math.Abs({Expr(1)})) * 0.3 + 0.01;");
                            Line($"{n}++;");
                            Line($"if ({t} * {t} > 2.5) break;");
                        }, nesting);
                        break;
                    }
                    case 4:
                        Line($"w[{_rng.Next(4)}] = {Expr(2)};");
                        Line($"w[{_rng.Next(4)}] += w[{_rng.Next(4)}] * {Expr(1)};");
                        break;
                    default:
                        Assign();
                        break;
                }
            }
        }

        private void Assign()
        {
            string t = Target();
            Line(_rng.NextDouble() < 0.5 ? $"{t} = {Expr(3)};" : $"{t} += {Expr(2)};");
        }

        private void Block(Action body, int nesting)
        {
            Line("{");
            _indent++;
            body();
            _indent--;
            Line("}");
        }

        public string Method(int index)
        {
            Line("var w = new double[4];");
            // A pool of locals declared up front, so every statement (in any block) can read and overwrite them.
            Line("double t0 = a, t1 = b * 0.5, t2 = c - a, t3 = 0, t4 = 1;");
            _scalars.AddRange(new[] { "t0", "t1", "t2", "t3", "t4" });
            Statements(3 + _rng.Next(4), 0);
            var scalars = _scalars.Skip(3).ToList();
            string sum = string.Join(" + ", scalars.Select(s => $"Math.Sin({s})").Append("w[0] * w[1] + w[2] - w[3]").Append(Expr(2)));
            Line($"return {sum};");
            return $"    [Differentiable]\n    public static double P{index}(double a, double b, double c, double[] v)\n    {{\n{_sb}    }}\n";
        }
    }

    private static readonly Lazy<(Type Type, int Count)> Compiled = new(() =>
    {
        var rng = new Random(Seed);
        var sb = new StringBuilder("using System;\nusing SourceAD;\nnamespace R;\npublic static partial class Programs\n{\n");
        for (int i = 0; i < Programs; i++) sb.Append(new ProgramWriter(rng).Method(i));
        sb.Append("}\n");
        if (Environment.GetEnvironmentVariable("SOURCEAD_DUMP_RANDOM") is string dump) File.WriteAllText(dump, sb.ToString());
        return (GeneratorHarness.Load(sb.ToString()).GetType("R.Programs")!, Programs);
    });

    public static IEnumerable<object[]> Indices() => Enumerable.Range(0, Programs).Select(i => new object[] { i });

    [Theory]
    [MemberData(nameof(Indices))]
    public void PullbackAndPushforwardMatchFiniteDifferences(int index)
    {
        Type t = Compiled.Value.Type;
        var rng = new Random(index);
        double[] x = Enumerable.Range(0, 7).Select(_ => rng.NextDouble() * 2 - 1).ToArray();
        MethodInfo primal = t.GetMethod("P" + index)!, pullback = t.GetMethod("P" + index + "Pullback")!, pushforward = t.GetMethod("P" + index + "Pushforward")!;
        double F(double[] p) => (double)primal.Invoke(null, new object[] { p[0], p[1], p[2], p[3..] })!;

        // Reverse mode.
        var dv = new double[4];
        // Span<double> cannot be boxed for reflection: call through a delegate instead.
        var del = pullback.CreateDelegate<PullbackDelegate>();
        double da = 0, db = 0, dc = 0;
        double value = del(x[0], x[1], x[2], x[3..], 1.0, ref da, ref db, ref dc, dv);
        double[] reverse = new[] { da, db, dc }.Concat(dv).ToArray();
        Assert.Equal(F(x), value);

        // Finite differences, skipping coordinates where the program is locally discontinuous (a branch flips).
        for (int i = 0; i < 7; i++)
        {
            double h = 1e-6;
            double[] plus = (double[])x.Clone(), minus = (double[])x.Clone();
            plus[i] += h;
            minus[i] -= h;
            double fd = (F(plus) - F(minus)) / (2 * h);
            double fd2 = (F(plus.Select((v, k) => k == i ? x[i] + h / 2 : v).ToArray()) - F(minus.Select((v, k) => k == i ? x[i] - h / 2 : v).ToArray())) / h;
            if (Math.Abs(fd - fd2) > 1e-4 * (1 + Math.Abs(fd))) continue; // not differentiable at this point
            double tol = 1e-5 * (1 + Math.Abs(fd));
            Assert.True(Math.Abs(fd - reverse[i]) <= tol, $"P{index} ∂/∂x{i}: finite differences {fd:R}, pullback {reverse[i]:R}");
        }

        // Dot-product test: ⟨v, J·u⟩ (pushforward) = ⟨Jᵀ·v, u⟩ (pullback).
        double[] u = Enumerable.Range(0, 7).Select(_ => rng.NextDouble() * 2 - 1).ToArray();
        var fwd = pushforward.CreateDelegate<PushforwardDelegate>();
        var (value2, tangent) = fwd(x[0], x[1], x[2], x[3..], u[0], u[1], u[2], u[3..]);
        Assert.Equal(value, value2);
        double vdot = rng.NextDouble() * 2 - 1;
        double left = vdot * tangent, right = vdot * reverse.Zip(u, (g, w) => g * w).Sum();
        Assert.True(Math.Abs(left - right) <= 1e-10 * (1 + Math.Abs(left)), $"P{index}: dot-product test {left:R} vs {right:R}");
    }

    private delegate double PullbackDelegate(double a, double b, double c, double[] v, double seed, ref double da, ref double db, ref double dc, Span<double> dv);

    private delegate (double Value, double Tangent) PushforwardDelegate(double a, double b, double c, double[] v, double da, double db, double dc, ReadOnlySpan<double> dv);
}
