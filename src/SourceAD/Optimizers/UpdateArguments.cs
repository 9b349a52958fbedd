using SourceAD.Tensors;

namespace SourceAD.Optimizers;

/// <summary>The argument checks every backend's <see cref="Tensors.Backends.ITensorBackend.ApplyUpdate{TRule}"/> starts with.</summary>
public static class UpdateArguments
{
    /// <summary>
    /// Throws an <see cref="ArgumentException"/> naming the rule and the offending tensor unless state and inputs
    /// match the rule's arity and all share θ's length, dtype and device.
    /// </summary>
    public static void Check<TRule>(TRule rule, ReadOnlySpan<Tensor> state, ReadOnlySpan<Tensor> inputs)
        where TRule : struct, IElementwiseUpdate
    {
        if (state.Length != rule.StateCount || inputs.Length != rule.InputCount)
        {
            throw new ArgumentException(
                $"{rule.RuleName}: the rule takes {rule.StateCount} state tensors and {rule.InputCount} inputs, not {state.Length} and {inputs.Length}.");
        }
        Tensor theta = state[0];
        for (int j = 0; j < state.Length + inputs.Length; j++)
        {
            Tensor t = j < state.Length ? state[j] : inputs[j - state.Length];
            string name = j < state.Length ? $"state[{j}]" : $"inputs[{j - state.Length}]";
            if (t.Length != theta.Length || t.DType != theta.DType || t.Device != theta.Device)
            {
                throw new ArgumentException(
                    $"{rule.RuleName}: {name} is {t.DType} [{t.Length}] on {t.Device}, but θ is {theta.DType} [{theta.Length}] on {theta.Device}.");
            }
        }
    }
}
