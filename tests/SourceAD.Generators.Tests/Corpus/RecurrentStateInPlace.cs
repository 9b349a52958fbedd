// entry: Sequences.Rnn.Loss
// args: new double[] { 0.5, -0.3, 0.8, 0.1, 0.2, -0.4 }, new double[] { 1.0, -0.5, 0.25, 0.75 }
// expect: works
using System;
using SourceAD;

namespace Sequences;

public static partial class Rnn
{
    /// <summary>One step of a two-unit gated cell; the state (hidden, then cell) is updated in place.</summary>
    [Differentiable]
    public static void Step(ReadOnlySpan<double> w, Span<double> state, double input)
    {
        Span<double> hidden = state.Slice(0, 2);
        Span<double> cell = state.Slice(2, 2);
        for (int i = 0; i < 2; i++)
        {
            double gate = 1.0 / (1.0 + Math.Exp(-(w[i] * input + w[2 + i] * hidden[i])));
            cell[i] = gate * cell[i] + (1 - gate) * Math.Tanh(w[4 + i] * input);
            hidden[i] = Math.Tanh(cell[i]);
        }
    }

    /// <summary>Runs the cell over the inputs from a zero state and scores the last hidden state.</summary>
    [Differentiable]
    public static double Loss(double[] w, double[] inputs)
    {
        double[] state = new double[4];
        for (int t = 0; t < inputs.Length; t++)
            Step(w, state, inputs[t]);
        return state[0] * state[0] + state[1];
    }
}
