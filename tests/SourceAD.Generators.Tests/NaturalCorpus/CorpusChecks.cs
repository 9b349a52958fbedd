using System.Globalization;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;

namespace SourceAD.Generators.Tests.NaturalCorpus;

/// <summary>
/// The oracles every working corpus program must pass: the value oracle (generated values equal the user's, bit for
/// bit, including every output a vector method writes), central finite differences of the user's own method
/// (Richardson-extrapolated), Pullback's linearity in its seed, the dot-product test between pushforward and pullback,
/// and the file's closed form when it has one. All problems are reported, wrong derivatives first.
/// </summary>
public static class CorpusChecks
{
    private const double FdRelative = 1e-6;
    private const double ClosedRelative = 1e-9;

    /// <summary>
    /// How exact the derivatives can be: a program whose generated code computes in float (System.Numerics vectors)
    /// has float rounding in its value and derivatives, so its checks use float-sized tolerances and FD steps.
    /// </summary>
    /// <remarks><see cref="ValueNoise"/>: the relative rounding noise of a value, which finite differences divide by their step.</remarks>
    private sealed record Precision(double Linearity, double DotProduct, double FdRelative, double FdStep, double FdStable, double ValueNoise, double ClosedAbsolute)
    {
        public static readonly Precision Double = new(1e-12, 1e-10, CorpusChecks.FdRelative, 1e-4, 1e-5, 1e-14, 1e-12);
        public static readonly Precision Single = new(1e-5, 1e-5, 2e-3, 5e-2, 2e-3, 1e-6, 1e-6);
    }

    private sealed class Calls(Type driver, object? receiver, object?[] args)
    {
        public object?[] Args { get; } = args;

        /// <summary>A deep copy of the arguments (user code may write into them), with the inputs' scalars replaced.</summary>
        public object?[] Fresh(EntryShape s, double[]? inputs = null)
        {
            object?[] copy = Args.Select(Copy).ToArray();
            if (inputs is null) return copy;
            int k = 0;
            foreach (int i in s.Inputs)
            {
                int len = FloatingValues.Flatten(Args[i]).Length;
                copy[i] = FloatingValues.Rebuild(Args[i], inputs.Skip(k).Take(len));
                k += len;
            }
            return copy;
        }

        private static object? Copy(object? a) => FloatingValues.Rebuild(a, FloatingValues.Flatten(a));

        public object? Invoke(string name, object?[] a, object?[]? t = null) =>
            driver.GetMethod(name)!.Invoke(null, new object?[] { receiver, a, t ?? Array.Empty<object?>() });
    }

    public static string? Run(CorpusProgram p, EntryShape s, Type driver)
    {
        object? receiver = driver.GetMethod("Receiver")!.Invoke(null, null);
        var args = (object?[])driver.GetMethod("Args")!.Invoke(null, null)!;
        var calls = new Calls(driver, receiver, args);
        try
        {
            return s.IsVector ? RunVector(p, s, calls) : RunScalar(p, s, calls);
        }
        catch (TargetInvocationException ex)
        {
            return $"EXCEPTION at run time: {ex.InnerException}";
        }
    }

    private static double[] Inputs(EntryShape s, object?[] args) => s.Inputs.SelectMany(i => FloatingValues.Flatten(args[i])).ToArray();

    private static string? RunScalar(CorpusProgram p, EntryShape s, Calls c)
    {
        double[] x = Inputs(s, c.Args);
        double F(double[] at) => Convert.ToDouble(c.Invoke("Primal", c.Fresh(s, at)), CultureInfo.InvariantCulture);
        double value = F(x);

        // Gradient: (Value, adjoint of each input…).
        var gradient = (ITuple)c.Invoke("Gradient", c.Fresh(s))!;
        var g = new List<double>();
        for (int k = 1; k < gradient.Length; k++) g.AddRange(FloatingValues.Flatten(gradient[k]));
        if (g.Count != x.Length) return $"harness: Gradient returned {g.Count} scalars for {x.Length} inputs";
        var problems = new List<string>();
        if (!Same(value, Convert.ToDouble(gradient[0], CultureInfo.InvariantCulture))) problems.Add($"WRONG VALUE: Gradient.Value {R(gradient[0])} but the method returns {R(value)}");

        // Pullback with seed 1.5 into zero adjoints must give 1.5·gradient.
        object?[] a = c.Fresh(s);
        var t = new List<object?> { 1.5 };
        t.AddRange(s.Inputs.Select(i => FloatingValues.ZeroLike(c.Args[i])));
        object?[] tArr = t.ToArray();
        double pv = Convert.ToDouble(c.Invoke("Pullback", a, tArr), CultureInfo.InvariantCulture);
        if (!Same(value, pv)) problems.Add($"WRONG VALUE: Pullback returned {R(pv)} but the method returns {R(value)}");
        double[] pb = tArr.Skip(1).SelectMany(FloatingValues.Flatten).ToArray();
        double gScale = g.Select(Math.Abs).DefaultIfEmpty().Max();
        for (int i = 0; i < x.Length; i++)
        {
            if (!Close(pb[i], 1.5 * g[i], P(s).Linearity, P(s).Linearity * 0.1 * gScale))
            {
                problems.Add($"WRONG GRADIENT: Pullback(seed 1.5) ∂/∂x{i} = {R(pb[i])}, 1.5·Gradient = {R(1.5 * g[i])}");
                break;
            }
        }

        string? fd = FiniteDifferences(x, at => new[] { F(at) }, (r, i) => g[i], Math.Abs(value), P(s));
        if (fd is not null) problems.Add(fd);

        // Dot-product test: pushforward along u against ⟨gradient, u⟩.
        var rng = new Random(StableHash(p.Name));
        double[] u = x.Select(_ => rng.NextDouble() * 2 - 1).ToArray();
        var tangents = Tangents(s, c.Args, u);
        var push = (ITuple)c.Invoke("Pushforward", c.Fresh(s), tangents)!;
        if (!Same(value, Convert.ToDouble(push[0], CultureInfo.InvariantCulture))) problems.Add($"WRONG VALUE: Pushforward.Value {R(push[0])} but the method returns {R(value)}");
        double jvp = Convert.ToDouble(push[1], CultureInfo.InvariantCulture);
        double vjp = g.Zip(u, (gi, ui) => gi * ui).Sum();
        double scale = g.Zip(u, (gi, ui) => Math.Abs(gi * ui)).Sum();
        if (!(Math.Abs(jvp - vjp) <= P(s).DotProduct * scale + 1e-300)) problems.Add($"WRONG DERIVATIVE: dot-product test: pushforward {R(jvp)} vs ⟨gradient, u⟩ {R(vjp)}");

        if (ClosedForm(p, s, c, g.ToArray(), x.Length, 1, P(s)) is string closed) problems.Add(closed);
        return Report(problems);
    }

    private static string? RunVector(CorpusProgram p, EntryShape s, Calls c)
    {
        double[] x = Inputs(s, c.Args);
        double[] Outputs(object?[] a) => s.Outputs.SelectMany(i => FloatingValues.Flatten(a[i])).ToArray();
        double[] F(double[] at)
        {
            object?[] a = c.Fresh(s, at);
            c.Invoke("Primal", a);
            return Outputs(a);
        }
        double[] y = F(x);
        int m = y.Length;
        var rng = new Random(StableHash(p.Name));

        // Jacobian rows by pullback with unit seeds; each pullback must also write the same outputs.
        double[,] jac = new double[m, x.Length];
        var problems = new List<string>();
        double[] Pullback(double[] w, out double[] written)
        {
            object?[] a = c.Fresh(s);
            var t = new List<object?>();
            int k = 0;
            foreach (int i in s.Outputs)
            {
                int len = FloatingValues.Flatten(c.Args[i]).Length;
                t.Add(FloatingValues.Rebuild(c.Args[i], w.Skip(k).Take(len)));
                k += len;
            }
            t.AddRange(s.Inputs.Select(i => FloatingValues.ZeroLike(c.Args[i])));
            object?[] tArr = t.ToArray();
            c.Invoke("Pullback", a, tArr);
            written = Outputs(a);
            return tArr.Skip(s.Outputs.Count).SelectMany(FloatingValues.Flatten).ToArray();
        }
        for (int r = 0; r < m; r++)
        {
            double[] row = Pullback(Enumerable.Range(0, m).Select(k => k == r ? 1.0 : 0.0).ToArray(), out double[] written);
            for (int i = 0; i < m && r == 0; i++)
            {
                if (!Same(y[i], written[i]))
                {
                    problems.Add($"WRONG VALUE: Pullback leaves y[{i}] = {R(written[i])} but the method writes {R(y[i])}");
                    break;
                }
            }
            for (int i = 0; i < x.Length; i++) jac[r, i] = row[i];
        }

        string? fd = FiniteDifferences(x, F, (r, i) => jac[r, i], y.Select(Math.Abs).DefaultIfEmpty().Max(), P(s));
        if (fd is not null) problems.Add(fd);

        // Dot-product test: ⟨w, J u⟩ = ⟨Jᵀ w, u⟩.
        double[] u = x.Select(_ => rng.NextDouble() * 2 - 1).ToArray();
        double[] wv = y.Select(_ => rng.NextDouble() * 2 - 1).ToArray();
        object?[] pa = c.Fresh(s);
        var pt = Tangents(s, c.Args, u).ToList();
        pt.AddRange(s.Outputs.Select(i => FloatingValues.ZeroLike(c.Args[i])));
        object?[] ptArr = pt.ToArray();
        c.Invoke("Pushforward", pa, ptArr);
        double[] pushedY = Outputs(pa);
        for (int i = 0; i < m; i++)
        {
            if (!Same(y[i], pushedY[i]))
            {
                problems.Add($"WRONG VALUE: Pushforward leaves y[{i}] = {R(pushedY[i])} but the method writes {R(y[i])}");
                break;
            }
        }
        double[] ju = ptArr.Skip(s.Inputs.Count).SelectMany(FloatingValues.Flatten).ToArray();
        double[] jtw = Pullback(wv, out _);
        double left = wv.Zip(ju, (a, b) => a * b).Sum(), right = jtw.Zip(u, (a, b) => a * b).Sum();
        double scale = wv.Zip(ju, (a, b) => Math.Abs(a * b)).Sum() + jtw.Zip(u, (a, b) => Math.Abs(a * b)).Sum();
        if (!(Math.Abs(left - right) <= P(s).DotProduct * scale + 1e-300)) problems.Add($"WRONG DERIVATIVE: dot-product test ⟨w, Ju⟩ {R(left)} vs ⟨Jᵀw, u⟩ {R(right)}");

        double[] flat = new double[m * x.Length];
        for (int r = 0; r < m; r++)
        {
            for (int i = 0; i < x.Length; i++) flat[r * x.Length + i] = jac[r, i];
        }
        if (ClosedForm(p, s, c, flat, x.Length, m, P(s)) is string closed) problems.Add(closed);
        return Report(problems);
    }

    /// <summary>Wrong derivatives first: they are the findings that matter most.</summary>
    private static string? Report(List<string> problems) => problems.Count == 0 ? null :
        string.Join("\n", problems.OrderBy(q => q.StartsWith("WRONG GRADIENT", StringComparison.Ordinal) || q.StartsWith("WRONG DERIVATIVE", StringComparison.Ordinal) ? 0 : 1));

    private static object?[] Tangents(EntryShape s, object?[] args, double[] u)
    {
        var t = new List<object?>();
        int k = 0;
        foreach (int i in s.Inputs)
        {
            int len = FloatingValues.Flatten(args[i]).Length;
            t.Add(FloatingValues.Rebuild(args[i], u.Skip(k).Take(len)));
            k += len;
        }
        return t.ToArray();
    }

    /// <summary>Central differences with one Richardson step; also rejects sample points where the two step sizes disagree (a kink nearby).</summary>
    private static Precision P(EntryShape s) => s.SinglePrecision ? Precision.Single : Precision.Double;

    private static string? FiniteDifferences(double[] x, Func<double[], double[]> f, Func<int, int, double> derivative, double valueScale, Precision precision)
    {
        int m = f(x).Length;
        double[,] fd = new double[m, x.Length];
        // A non-finite input (NaN as a missing observation) cannot be perturbed: NaN ± h is NaN, so its column has no
        // finite difference to compare with; the dot-product and linearity checks still cover it.
        bool[] probed = x.Select(double.IsFinite).ToArray();
        for (int i = 0; i < x.Length; i++)
        {
            if (!probed[i]) continue;
            double h = Step(x[i], precision);
            double[] Central(double step)
            {
                double[] plus = (double[])x.Clone(), minus = (double[])x.Clone();
                plus[i] += step;
                minus[i] -= step;
                double[] fp = f(plus), fm = f(minus);
                return fp.Zip(fm, (a, b) => (a - b) / (2 * step)).ToArray();
            }
            double[] d1 = Central(h), d2 = Central(h / 2), d3 = Central(h / 4);
            for (int r = 0; r < m; r++)
            {
                double coarse = (4 * d2[r] - d1[r]) / 3, fine = (4 * d3[r] - d2[r]) / 3;
                fd[r, i] = fine;
                if (!Close(coarse, fine, precision.FdStable, 1e-7 * (1 + Math.Abs(fine)) + precision.ValueNoise * valueScale / h))
                {
                    return $"harness: finite differences unstable at the sample point (∂y{r}/∂x{i}: {R(coarse)} vs {R(fine)}): choose an input away from kinks";
                }
            }
        }
        double gmax = 0;
        for (int r = 0; r < m; r++)
        {
            for (int i = 0; i < x.Length; i++) gmax = Math.Max(gmax, Math.Abs(fd[r, i]));
        }
        for (int r = 0; r < m; r++)
        {
            for (int i = 0; i < x.Length; i++)
            {
                if (!probed[i]) continue;
                double ad = derivative(r, i);
                if (!Close(ad, fd[r, i], precision.FdRelative, 1e-8 * gmax + precision.ValueNoise * valueScale / Step(x[i], precision)))
                {
                    return $"WRONG GRADIENT: ∂y{r}/∂x{i}: generated {R(ad)}, finite differences {R(fd[r, i])}\n{Table(x, fd, derivative)}";
                }
            }
        }
        return null;
    }

    /// <summary>A step relative to the input (inputs such as rates and time steps are small), never below 1e-7.</summary>
    private static double Step(double x, Precision precision) => precision.FdStep * Math.Max(Math.Abs(x), 1e-3);

    private static string? ClosedForm(CorpusProgram p, EntryShape s, Calls c, double[] generated, int n, int m, Precision precision)
    {
        if (!s.HasClosedForm) return null;
        object? closed = c.Invoke("Closed", c.Fresh(s));
        double[] expected = FloatingValues.Flatten(closed);
        if (expected.Length != generated.Length) return $"harness: closed form has {expected.Length} entries, expected {generated.Length} ({m}×{n})";
        double gmax = expected.Select(Math.Abs).DefaultIfEmpty().Max();
        for (int i = 0; i < expected.Length; i++)
        {
            if (!Close(generated[i], expected[i], p.ClosedFormTolerance ?? ClosedRelative, precision.ClosedAbsolute * gmax)) return $"WRONG GRADIENT: entry {i}: generated {R(generated[i])}, closed form {R(expected[i])}";
        }
        return null;
    }

    private static string Table(double[] x, double[,] fd, Func<int, int, double> derivative)
    {
        var sb = new StringBuilder("  output input   generated   finite-differences\n");
        for (int r = 0; r < fd.GetLength(0); r++)
        {
            for (int i = 0; i < x.Length; i++) sb.AppendLine(CultureInfo.InvariantCulture, $"  {r,6} {i,5}   {derivative(r, i),12:G8}   {fd[r, i],12:G8}");
        }
        return sb.ToString();
    }

    private static bool Same(double a, double b) => BitConverter.DoubleToInt64Bits(a) == BitConverter.DoubleToInt64Bits(b);

    private static bool Close(double a, double b, double rel, double abs) => Math.Abs(a - b) <= rel * Math.Max(Math.Abs(a), Math.Abs(b)) + abs;

    private static string R(object? v) => v is double d ? d.ToString("R", CultureInfo.InvariantCulture) : v?.ToString() ?? "null";

    private static int StableHash(string s) => s.Aggregate(17, (h, ch) => unchecked(h * 31 + ch));
}
