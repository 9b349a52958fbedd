using Quickstart;

// Values, gradients from the generated pullback, and a central finite-difference check for each.
Console.WriteLine("SourceAD quickstart: derivatives generated at compile time\n");

var (value, dx, dy) = Functions.RosenbrockGradient(-1.2, 1.0);
double h = 1e-6;
double fdx = (Functions.Rosenbrock(-1.2 + h, 1.0) - Functions.Rosenbrock(-1.2 - h, 1.0)) / (2 * h);
double fdy = (Functions.Rosenbrock(-1.2, 1.0 + h) - Functions.Rosenbrock(-1.2, 1.0 - h)) / (2 * h);
Console.WriteLine($"Rosenbrock(-1.2, 1)     = {value:F6}");
Console.WriteLine($"  gradient (pullback)   = ({dx:F6}, {dy:F6})");
Console.WriteLine($"  finite differences    = ({fdx:F6}, {fdy:F6})");
Console.WriteLine($"  d/dx by pushforward   = {Functions.RosenbrockPushforward(-1.2, 1.0, 1, 0).Tangent:F6}\n");

double[] xs = { 0.5, -1.0, 2.0, 0.25 };
var (lse, grad) = Functions.LogSumExpGradient(xs);
Console.WriteLine($"LogSumExp([{string.Join(", ", xs)}]) = {lse:F6}");
Console.WriteLine($"  gradient (= softmax)  = [{string.Join(", ", grad.Select(g => g.ToString("F6")))}]");
double maxError = 0;
for (int i = 0; i < xs.Length; i++)
{
    double[] plus = (double[])xs.Clone(), minus = (double[])xs.Clone();
    plus[i] += h;
    minus[i] -= h;
    maxError = Math.Max(maxError, Math.Abs((Functions.LogSumExp(plus) - Functions.LogSumExp(minus)) / (2 * h) - grad[i]));
}
Console.WriteLine($"  max |FD − pullback|   = {maxError:E2}\n");

foreach (double x in new[] { -3.0, 0.0, 3.0 })
{
    var d = Functions.SoftPlusGradient(x);
    var f = Functions.SoftPlusGradient((float)x);
    var half = Functions.SoftPlusGradient((Half)x);
    Console.WriteLine($"SoftPlus'({x,4}) = {d.DX:F6} (double)  {f.DX:F6} (float)  {(double)half.DX:F4} (Half)   sigmoid = {1 / (1 + Math.Exp(-x)):F6}");
}
