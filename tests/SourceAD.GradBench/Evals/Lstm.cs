using System.Text.Json.Nodes;
using SourceAD.GradBench.Protocol;

namespace SourceAD.GradBench.Evals;

/// <summary>GradBench's lstm eval (cpp/gradbench/evals/lstm.hpp, from ADBench), line by line with its helpers.</summary>
public static partial class Lstm
{
    // UTILS

    // Sigmoid on scalar
    // template <typename T> T sigmoid(T x)
    [Differentiable]
    public static double sigmoid(double x)
    {
        return 1 / (1 + Math.Exp(-x));
    }

    // log(sum(exp(x), 2))
    // template <typename T> T logsumexp(const T* vect, int sz)
    [Differentiable]
    public static double logsumexp(ReadOnlySpan<double> vect, int sz)
    {
        double sum = 0.0;
        for (int i = 0; i < sz; ++i)
            sum += Math.Exp(vect[i]);
        sum += 2;
        return Math.Log(sum);
    }

    // log(sum(exp(x), 2))
    // template <typename T> T logsumexp_store_temps(const T* vect, int sz)
    [Differentiable]
    public static double logsumexp_store_temps(ReadOnlySpan<double> vect, int sz)
    {
        double[] vect2 = new double[sz];
        for (int i = 0; i < sz; ++i)
            vect2[i] = Math.Exp(vect[i]);
        double sum = 0.0;
        for (int i = 0; i < sz; ++i)
            sum += vect2[i];
        sum += 2;
        return Math.Log(sum);
    }

    // Helper structures
    //
    // template <typename T> struct WeightOrBias: four pointers into a layer's parameters.
    public readonly ref struct WeightOrBias
    {
        public readonly ReadOnlySpan<double> forget;
        public readonly ReadOnlySpan<double> ingate;
        public readonly ReadOnlySpan<double> outgate;
        public readonly ReadOnlySpan<double> change;

        public WeightOrBias(ReadOnlySpan<double> @params, int hsize)
        {
            forget = @params;
            ingate = @params.Slice(hsize);
            outgate = @params.Slice(2 * hsize);
            change = @params.Slice(3 * hsize);
        }
    }

    // LayerParams, MainParams, ExtraParams, InputSequence, LayerState and State hold pointers into the flat parameter,
    // state and sequence arrays. In C# they are slices of those arrays, taken where the C++ code dereferences the
    // struct: layer_params of layer i = main_params[8·hsize·i..], weight = WeightOrBias(layer_params), bias =
    // WeightOrBias(layer_params[4·hsize..]); state.hidden of layer i = state[2·hsize·i..], state.cell =
    // state[2·hsize·i + hsize..]; sequence[t] = sequence[char_bits·t..].
    // GAP(issue 12): the generator takes a ref struct of spans only as a local whose fields view inputs or local arrays
    // (WeightOrBias, G7): a struct of structs (LayerParams), one as a parameter, and one viewing an output (LayerState
    // over the state the model updates) are refused; see README.md, "Gaps".

    // LSTM OBJECTIVE

    // The LSTM model
    // template <typename T> void lstm_model(int hsize, const LayerParams<T>& params, LayerState<T>& state, const T* input)
    [Differentiable]
    public static void lstm_model(int hsize, ReadOnlySpan<double> @params, Span<double> state, ReadOnlySpan<double> input)
    {
        var weight = new WeightOrBias(@params, hsize);
        var bias = new WeightOrBias(@params.Slice(4 * hsize), hsize);
        Span<double> state_hidden = state.Slice(0);
        Span<double> state_cell = state.Slice(hsize);
        for (int i = 0; i < hsize; ++i)
        {
            // gates for i-th cell/hidden
            double forget =
                sigmoid(input[i] * weight.forget[i] + bias.forget[i]);
            double ingate = sigmoid(state_hidden[i] * weight.ingate[i] +
                                    bias.ingate[i]);
            double outgate = sigmoid(input[i] * weight.outgate[i] +
                                     bias.outgate[i]);
            double change =
                Math.Tanh(state_hidden[i] * weight.change[i] + bias.change[i]);

            state_cell[i] = state_cell[i] * forget + ingate * change;
            state_hidden[i] = outgate * Math.Tanh(state_cell[i]);
        }
    }

    // Predict LSTM output given an input
    // template <typename T> void lstm_predict(int l, int b, const MainParams<T>& main_params,
    //     const ExtraParams<T>& extra_params, State<T>& state, const T* input, T* output)
    [Differentiable]
    public static void lstm_predict(int l, int b, ReadOnlySpan<double> main_params,
                                    ReadOnlySpan<double> extra_params, Span<double> state,
                                    ReadOnlySpan<double> input, Span<double> output)
    {
        ReadOnlySpan<double> extra_params_in_weight = extra_params.Slice(0);
        ReadOnlySpan<double> extra_params_out_weight = extra_params.Slice(b);
        ReadOnlySpan<double> extra_params_out_bias = extra_params.Slice(2 * b);
        for (int i = 0; i < b; ++i)
            output[i] = input[i] * extra_params_in_weight[i];

        Span<double> layer_output = output;

        for (int i = 0; i < l; ++i)
        {
            lstm_model(b, main_params.Slice(8 * b * i), state.Slice(2 * b * i),
                       layer_output);
            layer_output = state.Slice(2 * b * i);
        }

        for (int i = 0; i < b; ++i)
            output[i] =
                layer_output[i] * extra_params_out_weight[i] + extra_params_out_bias[i];
    }

    // LSTM objective (loss function)
    // template <typename T> void objective(int l, int c, int b, const T* main_params, const T* extra_params,
    //     const T* state, const T* sequence, T* loss)
    [Differentiable]
    public static void objective(int l, int c, int b, ReadOnlySpan<double> main_params, ReadOnlySpan<double> extra_params,
                                 [NoDerivative] ReadOnlySpan<double> state, [NoDerivative] ReadOnlySpan<double> sequence,
                                 Span<double> loss)
    {
        double total = 0.0;
        int count = 0;
        double[] state_copy = new double[l * 2 * b];
        state.Slice(0, l * 2 * b).CopyTo(state_copy);
        double[] ypred = new double[b], ynorm = new double[b];
        for (int t = 0; t < c - 1; ++t)
        {
            lstm_predict(l, b, main_params, extra_params, state_copy,
                         sequence.Slice(b * t), ypred);

            double lse = logsumexp(ypred, b);
            for (int i = 0; i < b; ++i)
                ynorm[i] = ypred[i] - lse;

            ReadOnlySpan<double> ygold = sequence.Slice(b * (t + 1));
            for (int i = 0; i < b; ++i)
                total += ygold[i] * ynorm[i];

            count += b;
        }

        loss[0] = -total / count;
    }
}

/// <summary>
/// The lstm module: "objective" and "jacobian" (the gradient with respect to main_params then extra_params, flattened:
/// one pullback with seed 1), with GradBench's input layout (l = rows of main_params / 2, b = their width / 4).
/// </summary>
public sealed class LstmEval : IEval
{
    /// <inheritdoc/>
    public string Name => "lstm";

    /// <inheritdoc/>
    public EvalRun? Prepare(string function, JsonNode input)
    {
        double[][] mainRows = JsonInput.Rows(JsonInput.Field(input, "main_params"));
        double[][] sequenceRows = JsonInput.Rows(JsonInput.Field(input, "sequence"));
        if (mainRows.Length < 2 || mainRows[0].Length < 4) throw new FormatException("main_params is too small");
        int l = mainRows.Length / 2;
        int b = mainRows[0].Length / 4;
        int c = sequenceRows.Length;
        double[] mainParams = mainRows.SelectMany(r => r).ToArray();
        double[] extraParams = JsonInput.Flat(JsonInput.Field(input, "extra_params"));
        double[] state = JsonInput.Flat(JsonInput.Field(input, "state"));
        double[] sequence = sequenceRows.SelectMany(r => r).ToArray();
        if (mainParams.Length != 8 * l * b || extraParams.Length != 3 * b || state.Length != 2 * l * b
            || sequence.Length != c * b || c < 2)
            throw new FormatException("lstm input sizes do not match");
        var loss = new double[1];
        switch (function)
        {
            case "objective":
                return new EvalRun(() => Lstm.objective(l, c, b, mainParams, extraParams, state, sequence, loss), () => loss[0]);
            case "jacobian":
                var seed = new double[] { 1 };
                var dmain = new double[mainParams.Length];
                var dextra = new double[extraParams.Length];
                return new EvalRun(
                    () =>
                    {
                        Array.Clear(dmain);
                        Array.Clear(dextra);
                        Lstm.objectivePullback(l, c, b, mainParams, extraParams, state, sequence, loss, seed, dmain, dextra);
                    },
                    () => JsonInput.Array([.. dmain, .. dextra]));
            default:
                return null;
        }
    }
}
