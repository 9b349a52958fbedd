// entry: Signal.Palindrome.Asymmetry
// args: new double[] { 0.5, 1.5, -0.3, 2.2, 0.9, -1.1 }
// expect: works
using System;
using SourceAD;

namespace Signal;

public static partial class Palindrome
{
    /// <summary>How far a signal is from its own time reversal: Σ (x - reverse(x))² / n, with Array.Copy and Array.Reverse.</summary>
    [Differentiable]
    public static double Asymmetry(double[] signal)
    {
        var reversed = new double[signal.Length];
        Array.Copy(signal, reversed, signal.Length);
        Array.Reverse(reversed);
        double sum = 0;
        for (int i = 0; i < signal.Length; i++)
        {
            double d = signal[i] - reversed[i];
            sum += d * d;
        }
        return sum / signal.Length;
    }
}
