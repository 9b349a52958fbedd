using SourceAD.Generators.Tests.NaturalCorpus;
using SourceAD.Generators.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace SourceAD.Generators.Tests;

/// <summary>
/// Self-recursive methods run their recursive calls in split mode (Transforms/SplitSweeps.cs): the forward sweep calls
/// <c>{Method}ForwardSweep</c>, which leaves its records on the shared tapes, and the reverse sweep calls
/// <c>{Method}ReverseSweep</c>, which consumes them, so no level reruns the levels below it. Each program is compiled
/// with the generator and checked like a corpus program (value oracle bit for bit, finite differences, the dot-product
/// test, a closed form where given); the generated text shows that split mode was taken and what it no longer records.
/// </summary>
public class SplitRecursionTests(ITestOutputHelper output)
{
    private const string Usings = "using System;\nusing SourceAD;\nnamespace Rec;\n";

    private void Works(string entry, string args, string body, string? closedForm = null)
    {
        var program = new CorpusProgram("Split" + entry.Replace(".", ""), Usings + body, "Rec." + entry, args, null, closedForm, null, null, true);
        CorpusOutcome o = CorpusRunner.Check(program);
        output.WriteLine($"{o.Verdict}: {o.Detail}");
        Assert.True(o.Verdict == Verdict.Works, $"{entry}: {o.Verdict}: {o.Detail}");
        if (closedForm is not null) Assert.Contains("closed form", o.Detail);
    }

    /// <summary>The generated file of <paramref name="method"/> in <paramref name="body"/>.</summary>
    private static string Generated(string body, string method) =>
        GeneratorHarness.Run(Usings + body).Result.Results.Single().GeneratedSources.Single(s => s.HintName.Contains("." + method + "(")).SourceText.ToString();

    private delegate (double Value, double[] DA, double[] HA) HessianVectorProduct(double[] a, int ell, ReadOnlySpan<double> v);

    private static void AssertSplit(string generated, string method)
    {
        // The sweeps are private helpers named with a hash of the method (as nested-AD adapters are), so a user's member
        // of the plain name cannot clash with them (SweepNamesDoNotClashWithUserMembers).
        Assert.Matches($@"private static double {method}ForwardSweep_[0-9a-f]{{8}}\(", generated);
        Assert.Matches($@"private static void {method}ReverseSweep_[0-9a-f]{{8}}\(", generated);
        // The recursive call's reverse consumes the tape: the joint pullback (which reruns the callee) is never called.
        Assert.DoesNotContain($".{method}Pullback(", generated);
        Assert.Matches($@"\.{method}ReverseSweep_[0-9a-f]{{8}}\(", generated);
    }

    /// <summary>GradBench's det (CppAD's det_by_minor) as the port in tests/SourceAD.GradBench writes it.</summary>
    internal const string Det = """
        public static partial class D
        {
            [Differentiable]
            public static double DetOfMinor(double[] A, int n, int m, int[] r, int[] c)
            {
                int R0 = r[n];
                int Cj = c[n];
                if (m == 1)
                {
                    return A[R0 * n + Cj];
                }
                double detM = 0;
                int sign = 1;
                r[n] = r[R0];
                int Cj1 = n;
                for (int j = 0; j < m; j++)
                {
                    double M0j = A[R0 * n + Cj];
                    c[Cj1] = c[Cj];
                    double detS = DetOfMinor(A, n, m - 1, r, c);
                    c[Cj1] = Cj;
                    if (sign > 0)
                    {
                        detM = detM + M0j * detS;
                    }
                    else
                    {
                        detM = detM - M0j * detS;
                    }
                    Cj1 = Cj;
                    Cj = c[Cj];
                    sign = -sign;
                }
                r[n] = R0;
                return detM;
            }

            [Differentiable]
            public static double Det(double[] A, int ell)
            {
                int[] r = new int[ell + 1];
                int[] c = new int[ell + 1];
                for (int i = 0; i < ell; i++)
                {
                    r[i] = i + 1;
                    c[i] = i + 1;
                }
                return DetOfMinor(A, ell, ell, r, c);
            }

            /// <summary>∂det/∂A = the cofactor matrix, each cofactor's minor by Gaussian elimination (independent of the recursion).</summary>
            public static double[] Cofactors(double[] A, int ell)
            {
                var g = new double[ell * ell];
                for (int i = 0; i < ell; i++)
                    for (int j = 0; j < ell; j++)
                    {
                        var minor = new double[(ell - 1) * (ell - 1)];
                        int k = 0;
                        for (int p = 0; p < ell; p++)
                            for (int q = 0; q < ell; q++)
                                if (p != i && q != j) minor[k++] = A[p * ell + q];
                        g[i * ell + j] = ((i + j) % 2 == 0 ? 1 : -1) * Gauss(minor, ell - 1);
                    }
                return g;
            }

            private static double Gauss(double[] m, int n)
            {
                if (n == 0) return 1;
                var a = (double[])m.Clone();
                double det = 1;
                for (int col = 0; col < n; col++)
                {
                    int pivot = col;
                    for (int row = col + 1; row < n; row++) if (Math.Abs(a[row * n + col]) > Math.Abs(a[pivot * n + col])) pivot = row;
                    if (pivot != col) { for (int q = 0; q < n; q++) (a[col * n + q], a[pivot * n + q]) = (a[pivot * n + q], a[col * n + q]); det = -det; }
                    det *= a[col * n + col];
                    for (int row = col + 1; row < n; row++)
                    {
                        double f = a[row * n + col] / a[col * n + col];
                        for (int q = col; q < n; q++) a[row * n + q] -= f * a[col * n + q];
                    }
                }
                return det;
            }
        }
        """;

    private const string Matrix4 = "new double[] { 0.9, -1.2, 0.3, 2.0, 0.5, 1.7, -0.8, 0.4, -1.1, 0.6, 1.3, -0.2, 0.7, -0.3, 0.25, 1.9 }";

    [Fact]
    public void DetByCofactorsFromItsEntry() => Works("D.Det", Matrix4 + ", 4", Det, "Cofactors");

    [Fact]
    public void NonRecursiveCallerInTheSameTypeCallsTheSweeps()
    {
        // Det calls DetOfMinor once: its pullback runs DetOfMinor's forward sweep on its own tapes and then the reverse
        // sweep, instead of the primal and then DetOfMinor's whole pullback (the primal again), and saves no index array.
        string all = Generated(Det, "Det");
        string g = all[..all.IndexOf("/// <summary>Forward mode", StringComparison.Ordinal)];
        Assert.Matches(@"\.DetOfMinorForwardSweep_[0-9a-f]{8}\(A, ell, ell, r, c, ref ", g);
        Assert.Matches(@"\.DetOfMinorReverseSweep_[0-9a-f]{8}\(", g);
        Assert.DoesNotContain(".DetOfMinorPullback(", g);
        Assert.DoesNotContain("save r:", g);
        // Its pushforward and dual pullback are unchanged (the dual sweeps are not shared with callers).
        Assert.Contains(".DetOfMinorPushforward(", all);
        Assert.Contains(".DetOfMinorPullbackDual(", all);
    }

    private const string Callers = Det + """

        public static partial class D
        {
            /// <summary>Split calls in a loop, one whose value feeds the result nonlinearly and one whose value is unused (inactive).</summary>
            [Differentiable]
            public static double Powers(double[] A, int ell, int k)
            {
                int[] r = new int[ell + 1];
                int[] c = new int[ell + 1];
                for (int i = 0; i < ell; i++)
                {
                    r[i] = i + 1;
                    c[i] = i + 1;
                }
                double s = 0;
                for (int t = 0; t < k; t++)
                {
                    double d = DetOfMinor(A, ell, ell, r, c);
                    double unused = DetOfMinor(A, ell, ell, r, c);
                    s = s * Math.Sin(d) + d * d * (t + 1);
                }
                return s;
            }
        }

        public static partial class Outside
        {
            /// <summary>A caller in another type: the sweeps are private to D, so it calls DetOfMinor's pullback.</summary>
            [Differentiable]
            public static double Scaled(double[] A, int ell)
            {
                int[] r = new int[ell + 1];
                int[] c = new int[ell + 1];
                for (int i = 0; i < ell; i++)
                {
                    r[i] = i + 1;
                    c[i] = i + 1;
                }
                return 0.5 * D.DetOfMinor(A, ell, ell, r, c) * A[0];
            }
        }
        """;

    [Fact]
    public void SplitCallsInALoopAndAnInactiveOne()
    {
        Works("D.Powers", Matrix4 + ", 4, 3", Callers);
        string g = Generated(Callers, "Powers");
        Assert.Matches(@"detOfMinor_\d+ = global::Rec\.D\.DetOfMinorForwardSweep_[0-9a-f]{8}\(", g);
        // The unused value's call has no reverse, so it runs the primal and leaves nothing on the tapes (it edits r and
        // c, which the split call's reverse reads, so it saves them as any call does).
        Assert.Matches(@"detOfMinor_\d+ = global::Rec\.D\.DetOfMinor\(A", g);
    }

    [Fact]
    public void CallerInAnotherTypeCallsThePullback()
    {
        Works("Outside.Scaled", Matrix4 + ", 4", Callers);
        string g = Generated(Callers, "Scaled");
        Assert.Contains(".DetOfMinorPullback(", g);
        Assert.DoesNotContain("Sweep_", g);
    }

    [Fact]
    public void DetOfMinorCalledDirectly() =>
        Works("D.DetOfMinor", Matrix4 + ", 4, 4, new int[] { 1, 2, 3, 4, 0 }, new int[] { 1, 2, 3, 4, 0 }", Det);

    [Fact]
    public void DetRunsSplitAndSavesNoIndexArrayPerCall()
    {
        string g = Generated(Det, "DetOfMinor");
        AssertSplit(g, "DetOfMinor");
        // r and c are edited in place and restored; around a split call they are never snapshotted whole.
        Assert.DoesNotContain("save r:", g);
        Assert.DoesNotContain("save c:", g);
        // The dual pullback (Hessian-vector products) is split too.
        Assert.Matches(@"DetOfMinorDualForwardSweep_[0-9a-f]{8}\(", g);
        Assert.DoesNotContain(".DetOfMinorPullbackDual(", g);
    }

    [Fact]
    public void DetHessianVectorProductAgreesWithFiniteDifferencesOfTheGradient()
    {
        var t = GeneratorHarness.Load(Usings + Det).GetType("Rec.D")!;
        double[] a = { 0.9, -1.2, 0.3, 2.0, 0.5, 1.7, -0.8, 0.4, -1.1, 0.6, 1.3, -0.2, 0.7, -0.3, 0.25, 1.9 };
        double[] v = { 0.3, -0.1, 0.7, 0.2, -0.5, 0.4, 0.1, -0.9, 0.6, 0.05, -0.3, 0.8, -0.2, 0.5, 0.35, -0.4 };
        double[] Gradient(double[] at) => (double[])((System.Runtime.CompilerServices.ITuple)t.GetMethod("DetGradient")!.Invoke(null, new object[] { at, 4 })!)[1]!;
        double[] h = t.GetMethod("DetHessianVectorProduct")!.CreateDelegate<HessianVectorProduct>()(a, 4, v).HA;
        const double step = 1e-5;
        double[] plus = Gradient(a.Zip(v, (x, d) => x + step * d).ToArray()), minus = Gradient(a.Zip(v, (x, d) => x - step * d).ToArray());
        for (int i = 0; i < a.Length; i++) FiniteDifference.AssertAgrees((plus[i] - minus[i]) / (2 * step), h[i], $"(H·v)[{i}]");
    }

    private const string Sums = """
        public static partial class S
        {
            /// <summary>A recursive sum over halves, nonlinear at the leaves and where halves meet.</summary>
            [Differentiable]
            public static double Tree(double[] x, int lo, int hi)
            {
                if (hi - lo == 1) return Math.Sin(x[lo]) * x[lo];
                int mid = (lo + hi) / 2;
                double left = Tree(x, lo, mid);
                double right = Tree(x, mid, hi);
                return left * Math.Cos(right) + right;
            }

            /// <summary>Recursion on a count, with a parameter the body reassigns and a loop per level.</summary>
            [Differentiable]
            public static double Chain(double x, double[] w, int n)
            {
                double acc = 0;
                for (int i = 0; i < w.Length; i++) acc += w[i] * Math.Exp(-x * i);
                n = n - 1;
                if (n < 0) return acc;
                double below = Chain(Math.Tanh(x + acc * 0.1), w, n);
                return acc * below + x * n;
            }

            /// <summary>Recursive calls inside a product accumulated in a loop: the call's temporary is recorded each iteration.</summary>
            [Differentiable]
            public static double Branching(double[] x, int depth, int at)
            {
                if (depth == 0) return Math.Sin(x[at]);
                double s = 0;
                for (int i = 0; i < 2; i++) s += x[(at + i) % x.Length] * Branching(x, depth - 1, (at * 2 + i + 1) % x.Length);
                return s * s;
            }
        }
        """;

    [Fact]
    public void RecursiveSumOverHalves()
    {
        Works("S.Tree", "new double[] { 0.5, -1.2, 0.8, 2.1, -0.3, 0.9, 1.4 }, 0, 7", Sums);
        AssertSplit(Generated(Sums, "Tree"), "Tree");
    }

    [Fact]
    public void RecursionWithAReassignedParameterAndALoopPerLevel()
    {
        Works("S.Chain", "0.4, new double[] { 0.3, -0.7, 1.1 }, 5", Sums);
        string g = Generated(Sums, "Chain");
        AssertSplit(g, "Chain");
        // n is reassigned and the reverse reads it, so it is part of the state the reverse sweep starts from.
        Assert.Contains("Push(n); // n: the reverse sweep starts from the final state", g);
    }

    [Fact]
    public void RecursiveCallsInsideAnAccumulationInALoop()
    {
        Works("S.Branching", "new double[] { 0.5, -1.2, 0.8, 2.1, -0.3 }, 3, 0", Sums);
        string g = Generated(Sums, "Branching");
        AssertSplit(g, "Branching");
        // The temporary holding the call's value is recorded after the call's own records (last in, first out).
        Assert.Matches(@"var old_\d+ = branching_\d+;", g);
    }

    private const string Clashing = """
        public static partial class N
        {
            /// <summary>The recursive sum of S.Tree, beside user members that carry the plain sweep names.</summary>
            [Differentiable]
            public static double Tree(double[] x, int lo, int hi)
            {
                if (hi - lo == 1) return Math.Sin(x[lo]) * x[lo];
                int mid = (lo + hi) / 2;
                double left = Tree(x, lo, mid);
                double right = Tree(x, mid, hi);
                return left * Math.Cos(right) + right;
            }

            // A field and a method that take the names {Method}ForwardSweep and {Method}ReverseSweep; the method has the
            // generated reverse sweep's parameter types, so calling it in its place would throw.
            public static int TreeForwardSweep = 0;

            public static void TreeReverseSweep(double[] x, int lo, int hi, double seed, Span<double> dx,
                ref SourceAD.Runtime.Tape<double> a, ref SourceAD.Runtime.Tape<int> b, ref SourceAD.Runtime.Tape<bool> c) =>
                throw new InvalidOperationException("the user's TreeReverseSweep was called");
        }
        """;

    [Fact]
    public void SweepNamesDoNotClashWithUserMembers()
    {
        Works("N.Tree", "new double[] { 0.5, -1.2, 0.8, 2.1, -0.3, 0.9, 1.4 }, 0, 7", Clashing);
        AssertSplit(Generated(Clashing, "Tree"), "Tree");
    }

    private const string Early = """
        public static partial class E
        {
            /// <summary>Early returns at both ends of the recursion, one of them in the middle of a level.</summary>
            [Differentiable]
            public static double Damped(double x, double y, int n)
            {
                if (n == 0) return x * y;
                if (x > 3) return Math.Sqrt(x) + y;
                double inner = Damped(x * 1.3 + 0.2, y * Math.Sin(x), n - 1);
                if (inner < -5) return -5 + 0.01 * inner;
                return Math.Cos(x) * inner + y * y;
            }
        }
        """;

    [Fact]
    public void RecursionWithEarlyReturns()
    {
        // Starting at 0.4 the level at x > 3 returns early; starting at 0.1 every level recurses to n = 0.
        Works("E.Damped", "0.4, 0.7, 9", Early);
        Works("E.Damped", "0.1, -0.6, 6", Early);
        AssertSplit(Generated(Early, "Damped"), "Damped");
    }

    private const string Permanent = """
        public static partial class P
        {
            /// <summary>The permanent of an n×n matrix by expansion over unused columns: used[] is set, then reset, around each call.</summary>
            [Differentiable]
            public static double Expand(double[] a, int n, int row, int[] used)
            {
                if (row == n) return 1;
                double sum = 0;
                for (int col = 0; col < n; col++)
                {
                    if (used[col] == 0)
                    {
                        used[col] = 1;
                        double rest = Expand(a, n, row + 1, used);
                        used[col] = 0;
                        sum += a[row * n + col] * rest;
                    }
                }
                return sum;
            }

            /// <summary>A passive array left edited: each level bumps a counter it never restores, and the value reads it.</summary>
            [Differentiable]
            public static double Counted(double x, int[] count, int n)
            {
                count[0] = count[0] + 1;
                if (n == 0) return x * count[0];
                double inner = Counted(x * x * 0.5 + 0.1, count, n - 1);
                return inner * (1 + 0.1 * count[0]) + Math.Sin(x) * count[0];
            }
        }
        """;

    [Fact]
    public void RecursionOverAnIndexArrayEditedAndRestored()
    {
        Works("P.Expand", "new double[] { 0.9, -1.2, 0.3, 0.5, 1.7, -0.8, -1.1, 0.6, 1.3 }, 3, 0, new int[] { 0, 0, 0 }", Permanent);
        string g = Generated(Permanent, "Expand");
        AssertSplit(g, "Expand");
        Assert.DoesNotContain("save used:", g);
    }

    [Fact]
    public void RecursionOverAnIndexArrayLeftEdited() =>
        Works("P.Counted", "0.7, new int[] { 0 }, 4", Permanent);
}
