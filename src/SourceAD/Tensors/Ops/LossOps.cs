using SourceAD.Tensors.Backends;

namespace SourceAD.Tensors;

public static partial class Ops
{
    /// <summary>
    /// PyTorch's cross_entropy(logits, labels) with mean reduction: logits [N, C], integer labels in [0, C): the rank-0
    /// mean over rows of logsumexp(logits[n]) − logits[n, labels[n]].
    /// </summary>
    public static Tensor CrossEntropy(Tensor logits, ReadOnlySpan<int> labels)
    {
        CheckCrossEntropy(nameof(CrossEntropy), logits, labels);
        Tensor loss = Tensor.Empty([], logits.DType, logits.Device);
        logits.Backend.CrossEntropy(logits, labels, loss);
        return loss;
    }

    /// <summary>Backward rule of <see cref="CrossEntropy(Tensor, ReadOnlySpan{int})"/>: dlogits = dloss·(softmax(logits) − onehot(labels)) / N.</summary>
    public static Tensor CrossEntropyBackward(Tensor logits, ReadOnlySpan<int> labels, double dloss)
    {
        CheckCrossEntropy(nameof(CrossEntropyBackward), logits, labels);
        Tensor result = EmptyLike(logits);
        logits.Backend.CrossEntropyBackward(logits, labels, dloss, result);
        return result;
    }

    /// <summary>Forward rule of <see cref="CrossEntropy(Tensor, ReadOnlySpan{int})"/>: tloss = Σ (softmax(logits) − onehot(labels)) ∘ tlogits / N.</summary>
    public static Tensor CrossEntropyJvp(Tensor logits, ReadOnlySpan<int> labels, Tensor tlogits)
    {
        const string op = nameof(CrossEntropyJvp);
        var backend = BackendOf(op, logits, tlogits);
        CheckCrossEntropy(op, logits, labels);
        RequireSameShape(op, logits, tlogits, "the tangent of the logits");
        Tensor loss = Tensor.Empty([], logits.DType, logits.Device);
        backend.CrossEntropyJvp(logits, labels, tlogits, loss);
        return loss;
    }

    /// <summary>PyTorch's mse_loss with mean reduction: mean((a − b)²) over all elements (same shapes).</summary>
    public static Tensor Mse(Tensor a, Tensor b)
    {
        const string op = nameof(Mse);
        var backend = BackendOf(op, a, b);
        RequireSameShapes(op, a, b);
        using Tensor diff = EmptyLike(a).AsScratch();
        backend.Binary(BinaryKind.Sub, a, b, diff);
        backend.Binary(BinaryKind.Mul, diff, diff, diff);
        Tensor loss = Tensor.Empty([], a.DType, a.Device);
        backend.SumTo(diff, loss);
        backend.Unary(UnaryKind.Scale, 1.0 / Math.Max(1, a.Length), loss, loss);
        return loss;
    }

    /// <summary>Backward rule of <see cref="Mse"/>: da = 2·dloss·(a − b)/n, db = −da.</summary>
    public static (Tensor Da, Tensor Db) MseBackward(Tensor a, Tensor b, double dloss)
    {
        const string op = nameof(MseBackward);
        var backend = BackendOf(op, a, b);
        RequireSameShapes(op, a, b);
        Tensor da = EmptyLike(a), db = EmptyLike(b);
        backend.Binary(BinaryKind.Sub, a, b, db);
        backend.Unary(UnaryKind.Scale, 2 * dloss / Math.Max(1, a.Length), db, da);
        backend.Unary(UnaryKind.Scale, -1, da, db);
        return (da, db);
    }

    /// <summary>Forward rule of <see cref="Mse"/>: tloss = 2·⟨a − b, ta − tb⟩ / n.</summary>
    public static Tensor MseJvp(Tensor a, Tensor b, Tensor? ta, Tensor? tb)
    {
        const string op = nameof(MseJvp);
        BackendOf(op, a, b, ta, tb);
        RequireSameShapes(op, a, b);
        if (ta is not null)
        {
            RequireSameShape(op, a, ta, "the tangent of a");
        }
        if (tb is not null)
        {
            RequireSameShape(op, b, tb, "the tangent of b");
        }
        (Tensor da, Tensor db) = MseBackward(a, b, 1.0);
        using (da)
        using (db)
        {
            double t = (ta is null ? 0 : Dot(da, ta)) + (tb is null ? 0 : Dot(db, tb));
            return Tensor.Scalar(t, a.DType, a.Device);
        }
    }

    private static double Dot(Tensor a, Tensor b)
    {
        double[] x = a.ToDoubleArray(), y = b.ToDoubleArray();
        double sum = 0;
        for (int i = 0; i < x.Length; i++)
        {
            sum += x[i] * y[i];
        }
        return sum;
    }

    private static void RequireSameShapes(string op, Tensor a, Tensor b)
    {
        if (!TensorShape.Equal(a.Shape, b.Shape))
        {
            throw new ArgumentException($"{op}: shapes {TensorShape.Format(a.Shape)} and {TensorShape.Format(b.Shape)} must be equal.");
        }
    }

    private static void CheckCrossEntropy(string op, Tensor logits, ReadOnlySpan<int> labels)
    {
        RequireRank(op, nameof(logits), logits, 2);
        if (labels.Length != logits.Size(0))
        {
            throw new ArgumentException($"{op}: logits of shape {TensorShape.Format(logits.Shape)} need {logits.Size(0)} labels, got shape [{labels.Length}].", nameof(labels));
        }
        int classes = logits.Size(1);
        for (int i = 0; i < labels.Length; i++)
        {
            if ((uint)labels[i] >= (uint)classes)
            {
                throw new ArgumentException($"{op}: label {labels[i]} at position {i} is outside [0, {classes}) for logits of shape {TensorShape.Format(logits.Shape)}.", nameof(labels));
            }
        }
    }
}
