namespace SourceAD.Tensors;

// Array overloads of the cross-entropy rules, for the op table's reflection binding (OpTable.Resolve): a ReadOnlySpan
// parameter cannot be passed through MethodInfo.Invoke. Internal, so users' calls still bind the span ones.
public static partial class Ops
{
    internal static Tensor CrossEntropy(Tensor logits, int[] labels, int ignoreIndex) => CrossEntropy(logits, labels.AsSpan(), ignoreIndex);

    internal static Tensor CrossEntropyBackward(Tensor logits, int[] labels, double dloss, int ignoreIndex) => CrossEntropyBackward(logits, labels.AsSpan(), dloss, ignoreIndex);

    internal static Tensor CrossEntropyJvp(Tensor logits, int[] labels, Tensor tlogits, int ignoreIndex) => CrossEntropyJvp(logits, labels.AsSpan(), tlogits, ignoreIndex);
}
