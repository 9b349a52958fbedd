using CostReportSample;

double[] x = { 0.5, -1.0, 2.0, 0.25 };
var (value, gradient) = Functions.LogSumExpGradient(x);
Console.WriteLine($"logsumexp = {value:F4}, gradient = [{string.Join(", ", gradient.Select(g => g.ToString("F4")))}]");

// SRCAD1004: one pushforward per input builds the gradient in p forward passes; the pullback needs one.
var slow = new double[x.Length];
var e = new double[x.Length];
for (int i = 0; i < x.Length; i++)
{
    e[i] = 1;
    slow[i] = Functions.LogSumExpPushforward(x, e).Tangent;
    e[i] = 0;
}
Console.WriteLine($"same gradient by forward mode: [{string.Join(", ", slow.Select(g => g.ToString("F4")))}]");
