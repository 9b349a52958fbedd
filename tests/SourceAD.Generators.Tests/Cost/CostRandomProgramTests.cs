using System.Globalization;
using System.Text;
using SourceAD.Generators.Cost;
using Xunit;
using Xunit.Abstractions;
using Model = SourceAD.Generators.Model;

namespace SourceAD.Generators.Tests.Cost;

/// <summary>
/// Theorem 3 on random programs (the flat writer RandomProgramTests used before issue 12): the pullback the
/// generator emits, counted with loop multiplicities, costs at most ω_b·cost(P).
/// </summary>
public class CostRandomProgramTests(ITestOutputHelper output)
{
    private const int Programs = 300;
    private const int Seed = 20261124;

    /// <summary>The random programs' source.</summary>
    private static string Source()
    {
        var rng = new Random(Seed);
        var sb = new StringBuilder("using System;\nusing SourceAD;\nnamespace R;\npublic static partial class Programs\n{\n");
        for (int i = 0; i < Programs; i++) sb.Append(new ProgramWriter(rng).Method(i));
        return sb.Append("}\n").ToString();
    }

    /// <summary>
    /// The flat program writer RandomProgramTests used when these findings were pinned (branches and loops one level
    /// deep, no calls): kept here so the pinned figures stay those of the same programs. RandomProgramTests' own writer
    /// has since grown nested control flow, calls and user constants.
    /// </summary>
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

    private static readonly Lazy<Dictionary<string, Model.MethodModel>> Models = new(() => CostHarness.Models(Source()));

    /// <summary>Under unit costs (Assumption 1) every program satisfies Theorem 3 on the emitted code.</summary>
    [Fact]
    public void UnitCosts_CountedPullbackWithinOmegaBTimesCostP()
    {
        Assert.Equal(Programs, Models.Value.Count);
        var over = new List<string>();
        double worst = 0;
        foreach (var (name, model) in Models.Value)
        {
            CostFigures f = CostAnalysis.Analyze(model, CostModel.Unit);
            Assert.True(f.OmegaB > 0, name);
            if (f.ExceedsBound) over.Add($"{name}: {f.Message()}");
            worst = Math.Max(worst, f.Ratio!.Value / f.OmegaB);
        }
        output.WriteLine($"worst counted/(ω_b·cost(P)) under unit costs: {worst:F3}");
        Assert.True(over.Count == 0, string.Join("\n", over));
    }

    /// <summary>
    /// Under Table 2.2's refined costs with expensive nonlinear operations (c_nonlin = 10) a few programs exceed the bound,
    /// and the reason is always the same, a finding rather than an accounting error: Table 2.2 prices inv's derivative at
    /// cost(gd) = c_nonlin + 2 (the square of the reused 1/a), but the primitive table's rule for x/y is (1/y, −out/y),
    /// two more divisions, and Log, Atan, Sqrt … rules divide too. The test pins the finding so a change shows.
    /// </summary>
    [Fact]
    public void RefinedCosts_ExceedancesAreTheDivisionRule()
    {
        var refined = new CostModel(10, 0.5);
        var over = new List<(string Name, CostFigures Figures)>();
        foreach (var (name, model) in Models.Value)
        {
            CostFigures f = CostAnalysis.Analyze(model, refined);
            if (f.ExceedsBound) over.Add((name, f));
        }
        foreach (var (name, f) in over) output.WriteLine($"{name}: ratio {f.Ratio:F3} > ω_b = {f.OmegaB}; responsible: {f.Responsible}");
        output.WriteLine($"{over.Count} of {Programs} exceed ω_b·cost(P) under {refined}");
        Assert.True(over.Count <= Programs / 20, $"{over.Count} programs exceed the bound");
        Assert.All(over, o => Assert.StartsWith("'Div'", o.Figures.Responsible));
    }
}
