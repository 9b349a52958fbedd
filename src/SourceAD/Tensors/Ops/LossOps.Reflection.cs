namespace SourceAD.Tensors;

// Array overloads of the cross-entropy rules, for the op table's reflection binding (OpTable.Resolve): a ReadOnlySpan
// parameter cannot be passed through MethodInfo.Invoke. Internal, so users' calls still bind the span ones.
public static partial class Ops
{
    internal static Tensor CrossEntropy(Tensor logits, int[] labels) => CrossEntropy(logits, labels.AsSpan());

    internal static Tensor CrossEntropyBackward(Tensor logits, int[] labels, double dloss) => CrossEntropyBackward(logits, labels.AsSpan(), dloss);

    internal static Tensor CrossEntropyJvp(Tensor logits, int[] labels, Tensor tlogits) => CrossEntropyJvp(logits, labels.AsSpan(), tlogits);
}
