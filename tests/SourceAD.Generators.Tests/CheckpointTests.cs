using System.Reflection;
using System.Runtime.CompilerServices;
using SourceAD.Generators.Tests.NaturalCorpus;
using SourceAD.Runtime;
using SourceAD.Generators.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace SourceAD.Generators.Tests;

/// <summary>
/// [Checkpoint("t")] loops (Transforms/PullbackEmitter.Checkpoint.cs): the forward sweep tapes nothing in the loop and
/// the reverse sweep replays steps from snapshots under the binomial schedule. Each program is written twice, with and
/// without the attribute: the two gradients must agree bit for bit (the same operations in the same order), for trip
/// counts 0, 1, 2, fewer than the slots and many more; the checkpointed one is also checked like a corpus program
/// (value oracle bit for bit, finite differences, the dot-product test).
/// </summary>
public class CheckpointTests(ITestOutputHelper output)
{
    private const string Usings = "using System;\nusing SourceAD;\nnamespace Ckpt;\n";

    /// <summary>Each method body, named {0} and with {1} where the attribute goes.</summary>
    private static readonly (string Name, string Args, string Template)[] Bodies =
    {
        ("Euler", "double[] u0, double k, int steps", """
            [Differentiable{1}]
            public static double {0}(double[] u0, double k, int steps)
            {
                int d = u0.Length;
                double[] u = new double[d];
                double[] du = new double[d];
                for (int i = 0; i < d; i++) u[i] = u0[i];
                double energy = 0;
                for (int t = 0; t < steps; t++)
                {
                    for (int i = 0; i < d; i++) du[i] = -k * u[i] * u[(i + 1) % d] + Math.Sin(u[i]);
                    for (int i = 0; i < d; i++) u[i] = u[i] + 0.05 * du[i];
                    energy = energy + u[0] * u[0];
                }
                double s = energy;
                for (int i = 0; i < d; i++) s += u[i] * u[i];
                return s;
            }
            """),
        ("Rk4", "double q0, double p0, double h, int steps", """
            [Differentiable{1}]
            public static double {0}(double q0, double p0, double h, int steps)
            {
                double q = q0, p = p0;
                for (int t = 0; t < steps; t++)
                {
                    double k1q = p, k1p = -Math.Sin(q);
                    double k2q = p + 0.5 * h * k1p, k2p = -Math.Sin(q + 0.5 * h * k1q);
                    double k3q = p + 0.5 * h * k2p, k3p = -Math.Sin(q + 0.5 * h * k2q);
                    double k4q = p + h * k3p, k4p = -Math.Sin(q + h * k3q);
                    q = q + h / 6 * (k1q + 2 * k2q + 2 * k3q + k4q);
                    p = p + h / 6 * (k1p + 2 * k2p + 2 * k3p + k4p);
                }
                return q * q + 0.5 * p * p * p0;
            }
            """),
        ("Recurrence", "double x0, double a, int steps", """
            [Differentiable{1}]
            public static double {0}(double x0, double a, int steps)
            {
                double x = x0;
                double y = Math.Cos(x0);
                for (int t = 0; t < steps; t++) x = x * a + Math.Sin(x) * y;
                return x * y;
            }
            """),
        ("Branchy", "double[] w, double x0, int steps", """
            [Differentiable{1}]
            public static double {0}(double[] w, double x0, int steps)
            {
                double x = x0, s = 0;
                for (int t = 0; t < steps; t++)
                {
                    double c = w[t % w.Length];
                    if (x > 0) x = x * c - 0.3;
                    else x = Math.Exp(x) * c;
                    s = s + x * x;
                }
                return s + x;
            }
            """),
        // GradBench ode's shape: RK2 over a state array through a [Differentiable] helper with a span output (a call the
        // step's reverse reruns), the loop inside an if.
        ("Midpoint", "double[] x, int steps", """
            [Differentiable{1}]
            public static double {0}(double[] x, int steps)
            {
                int n = x.Length;
                double[] y = new double[n], k = new double[n], mid = new double[n];
                for (int i = 0; i < n; i++) y[i] = 0.5;
                if (steps > 0)
                {
                    for (int t = 0; t < steps; t++)
                    {
                        Rhs(x, y, k);
                        for (int i = 0; i < n; i++) mid[i] = y[i] + 0.05 * k[i];
                        Rhs(x, mid, k);
                        for (int i = 0; i < n; i++) y[i] += 0.1 * k[i];
                    }
                }
                double s = 0;
                for (int i = 0; i < n; i++) s += y[i] * x[i];
                return s;
            }
            """),
        // The loop's derivatives never read c, but its replay does: c's later write is recorded (ToBeRecorded.Replay.cs).
        ("Reread", "double x0, double a, int steps", """
            [Differentiable{1}]
            public static double {0}(double x0, double a, int steps)
            {
                double c = a * 0.5;
                double x = x0;
                for (int t = 0; t < steps; t++)
                {
                    double y = x * x * 0.5;
                    x = y + c;
                }
                c = 3 * a;
                return x + c;
            }
            """),
    };

    private const string Helpers = """
        [Differentiable]
        public static void Rhs(ReadOnlySpan<double> x, ReadOnlySpan<double> y, Span<double> z)
        {
            z[0] = x[0] * Math.Cos(y[y.Length - 1]) - 0.1 * y[0];
            for (int i = 1; i < y.Length; i++) z[i] = x[i] * Math.Tanh(y[i - 1]) - 0.1 * y[i];
        }
        """;

    private static string Source(string attribute) =>
        Usings + "public static partial class P\n{\n" + Helpers + "\n" +
        string.Join("\n", Bodies.SelectMany(b => new[]
        {
            b.Template.Replace("{0}", b.Name).Replace("{1}", ""),
            b.Template.Replace("{0}", b.Name + "Ck").Replace("{1}", attribute),
        })) + "\n}\n";

    private static readonly string Budget3 = Source(", Checkpoint(\"t\", Snapshots = 3)");

    private static readonly Lazy<Type> Loaded3 = new(() => GeneratorHarness.Load(Budget3).GetType("Ckpt.P")!);

    private static readonly Lazy<Type> LoadedAuto = new(() => GeneratorHarness.Load(Source(", Checkpoint(\"t\")")).GetType("Ckpt.P")!);

    private static object[] Arguments(string name, int steps) => name switch
    {
        "Euler" => new object[] { new[] { 0.3, -0.2, 0.5 }, 0.7, steps },
        "Rk4" => new object[] { 0.4, -0.3, 0.1, steps },
        "Recurrence" => new object[] { 0.6, 0.9, steps },
        "Reread" => new object[] { 0.3, 0.4, steps },
        "Midpoint" => new object[] { new[] { 0.8, -0.6, 1.1, 0.4 }, steps },
        _ => new object[] { new[] { 0.9, -1.1, 1.3, 0.7, -0.5 }, 0.2, steps },
    };

    /// <summary>The gradient tuple's entries, arrays flattened, as raw bits.</summary>
    private static List<long> Bits(ITuple gradient)
    {
        var bits = new List<long>();
        for (int i = 0; i < gradient.Length; i++)
        {
            switch (gradient[i])
            {
                case double d: bits.Add(BitConverter.DoubleToInt64Bits(d)); break;
                case double[] a: bits.AddRange(a.Select(BitConverter.DoubleToInt64Bits)); break;
            }
        }
        return bits;
    }

    private static ITuple Gradient(Type t, string method, object[] args) =>
        (ITuple)t.GetMethod(method + "Gradient", BindingFlags.Public | BindingFlags.Static)!.Invoke(null, args.Select(a => a is double[] d ? d.Clone() : a).ToArray())!;

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(200)]
    public void GradientsEqualTheTapedLoopsBitForBit(int steps)
    {
        foreach (Type t in new[] { Loaded3.Value, LoadedAuto.Value })
        {
            foreach (var (name, _, _) in Bodies)
            {
                object[] args = Arguments(name, steps);
                ITuple taped = Gradient(t, name, args), checkpointed = Gradient(t, name + "Ck", args);
                output.WriteLine($"{name}, T = {steps}: value {checkpointed[0]}, ∂ {string.Join(", ", Bits(checkpointed).Skip(1).Select(BitConverter.Int64BitsToDouble))}");
                Assert.Equal(Bits(taped), Bits(checkpointed));
                // The value oracle: the pullback's value is the method's own result, bit for bit.
                double value = (double)t.GetMethod(name + "Ck")!.Invoke(null, args.Select(a => a is double[] d ? d.Clone() : a).ToArray())!;
                Assert.Equal(BitConverter.DoubleToInt64Bits(value), BitConverter.DoubleToInt64Bits((double)checkpointed[0]!));
            }
        }
    }

    [Theory]
    [InlineData("Euler", "new double[] { 0.3, -0.2, 0.5 }, 0.7, 7")]
    [InlineData("Rk4", "0.4, -0.3, 0.1, 9")]
    [InlineData("Recurrence", "0.6, 0.9, 6")]
    [InlineData("Reread", "0.3, 0.4, 6")]
    [InlineData("Midpoint", "new double[] { 0.8, -0.6, 1.1, 0.4 }, 7")]
    [InlineData("Branchy", "new double[] { 0.9, -1.1, 1.3, 0.7, -0.5 }, 0.2, 8")]
    public void CheckpointedLoopsPassTheCorpusChecks(string name, string args)
    {
        var program = new CorpusProgram("Ckpt" + name, Budget3, "Ckpt.P." + name + "Ck", args, null, null, null, null, true);
        CorpusOutcome o = CorpusRunner.Check(program);
        output.WriteLine($"{o.Verdict}: {o.Detail}");
        Assert.True(o.Verdict == Verdict.Works, $"{name}: {o.Verdict}: {o.Detail}");
    }

    [Fact]
    public void TheForwardSweepTapesNothingInTheLoopAndSaysWhatItSnapshots()
    {
        string g = GeneratorHarness.GeneratedSource(Budget3, "P.EulerCk(double[],double,int).Derivatives.g.cs");
        output.WriteLine(g);
        Assert.Contains("// checkpoint the loop over t (binomial schedule, 3 snapshots): a snapshot holds what its body writes (du, u, energy)", g);
        Assert.Contains("new global::SourceAD.Runtime.BinomialSchedule(", g);
        string forward = g[g.IndexOf("// Forward sweep", StringComparison.Ordinal)..g.IndexOf("// Reverse sweep", StringComparison.Ordinal)];
        Assert.DoesNotContain(".Push(", forward);
    }

    private static string Refusal(string attribute, string body) =>
        Assert.Single(GeneratorHarness.Refusals(Usings + "public static partial class R\n{\n[Differentiable, " + attribute + "]\npublic static double F(double[] w, double x, int n)\n{\n" + body + "\n}\n}\n"));

    [Fact]
    public void LoopsThatCannotBeCheckpointedAreRefusedWithTheRewrite()
    {
        const string Loop = "for (int t = 0; t < n; t++) x = x * w[t % w.Length];\nreturn x;";
        Assert.Contains("no for loop of this method declares or initializes 's'", Refusal("Checkpoint(\"s\")", Loop));
        Assert.Contains("nested inside another loop", Refusal("Checkpoint(\"t\")",
            "for (int r = 0; r < 2; r++) { for (int t = 0; t < n; t++) x = x * w[t % w.Length]; }\nreturn x;"));
        Assert.Contains("early exit ('break;')", Refusal("Checkpoint(\"t\")",
            "for (int t = 0; t < n; t++) { x = x * w[t % w.Length]; if (x > 10) break; }\nreturn x;"));
        Assert.Contains("early exit ('return x;')", Refusal("Checkpoint(\"t\")",
            "for (int t = 0; t < n; t++) { x = x * w[t % w.Length]; if (x > 10) return x; }\nreturn x;"));
        Assert.Contains("is not a counted loop", Refusal("Checkpoint(\"t\")",
            "for (int t = 0; t < n; t++) { x = x * w[t % w.Length]; if (x > 10) t++; }\nreturn x;"));
        Assert.Contains("allocates 'v' in its body", Refusal("Checkpoint(\"t\")",
            "for (int t = 0; t < n; t++) { double[] v = new double[2]; v[0] = x; x = v[0] * w[t % w.Length]; }\nreturn x;"));
        Assert.Contains("Snapshots must be at least 1", Refusal("Checkpoint(\"t\", Snapshots = -1)", Loop));
    }

    [Fact]
    public void TheCostReportShowsSnapshotsInPlaceOfTheStepsTape()
    {
        const string Body = """
            [Differentiable{1}]
            public static double F(double x0, double a, int steps)
            {
                double x = x0;
                for (int t = 0; t < steps; t++) x = x * a + Math.Sin(x);
                return x;
            }
            """;
        var taped = Cost.CostHarness.Analyze(Cost.CostHarness.Class(Body.Replace("{1}", "")), "F");
        var checkpointed = Cost.CostHarness.Analyze(Cost.CostHarness.Class(Body.Replace("{1}", ", Checkpoint(\"t\", Snapshots = 4)")), "F");
        output.WriteLine(taped.Message());
        output.WriteLine(checkpointed.Message());
        // Taped: one step's records per step; checkpointed: 4 slots of x (32 bytes), and one step's records.
        double step = taped.TapeBytes.Evaluate(_ => 1);
        Assert.True(step > 0);
        Assert.Equal(1000 * step, taped.TapeBytes.Evaluate(_ => 1000));
        Assert.Equal(4 * 8 + step, checkpointed.TapeBytes.Evaluate(_ => 1000));
        long rerun = BinomialSchedule.Recomputed(1000, 4);
        Assert.Contains($"loop over t checkpointed: 4 snapshots × 8 bytes of state (x) in place of its per-step tape; the reverse sweep reruns {Math.Round(rerun / 1000.0, 2)}·T primal steps at T = 1000", checkpointed.Message());
        // The generator's copy of the closed form is the runtime's.
        foreach (int t in new[] { 0, 1, 2, 7, 100, 1000, 123457 })
        {
            foreach (int c in new[] { 1, 2, 3, 10, 400 }) Assert.Equal(BinomialSchedule.Recomputed(t, c), SourceAD.Generators.Cost.CheckpointCost.Recomputed(t, c));
        }
    }
}
