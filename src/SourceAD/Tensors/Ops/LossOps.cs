using SourceAD.Tensors.Backends;

namespace SourceAD.Tensors;

public static partial class Ops
{
    /// <summary>
    /// PyTorch's cross_entropy(logits, labels, ignore_index) with mean reduction: logits [N, C], integer labels in
    /// [0, C) or <paramref name="ignoreIndex"/>: the rank-0 mean, over the rows whose label is not ignored, of
    /// logsumexp(logits[n]) − logits[n, labels[n]] (NaN when every row is ignored, as torch's 0/0).
    /// </summary>
    public static Tensor CrossEntropy(Tensor logits, ReadOnlySpan<int> labels, int ignoreIndex = OpDefaults.CrossEntropyIgnoreIndex)
    {
        CheckCrossEntropy(nameof(CrossEntropy), logits, labels, ignoreIndex);
        Tensor loss = Tensor.Empty([], logits.DType, logits.Device);
        if (!labels.Contains(ignoreIndex))
        {
            logits.Backend.CrossEntropy(logits, labels, loss);
            return loss;
        }
        (int[] rows, int[] kept) = KeptRows(labels, ignoreIndex);
        if (rows.Length == 0)
        {
            logits.Backend.Fill(loss, double.NaN);
            return loss;
        }
        using Tensor compact = GatherKept(logits, rows);
        logits.Backend.CrossEntropy(compact, kept, loss);
        return loss;
    }

    /// <summary>
    /// Backward rule of <see cref="CrossEntropy(Tensor, ReadOnlySpan{int}, int)"/>: dlogits = dloss·(softmax(logits) −
    /// onehot(labels)) / N over the N rows not ignored, 0 on ignored rows.
    /// </summary>
    public static Tensor CrossEntropyBackward(Tensor logits, ReadOnlySpan<int> labels, double dloss, int ignoreIndex = OpDefaults.CrossEntropyIgnoreIndex)
    {
        CheckCrossEntropy(nameof(CrossEntropyBackward), logits, labels, ignoreIndex);
        Tensor result = EmptyLike(logits);
        if (!labels.Contains(ignoreIndex))
        {
            logits.Backend.CrossEntropyBackward(logits, labels, dloss, result);
            return result;
        }
        (int[] rows, int[] kept) = KeptRows(labels, ignoreIndex);
        using Tensor compact = GatherKept(logits, rows), compactResult = EmptyLike(compact).AsScratch();
        if (rows.Length > 0)
        {
            logits.Backend.CrossEntropyBackward(compact, kept, dloss, compactResult);
        }
        // The kept rows are distinct, so this places each row once and zeroes the ignored ones.
        logits.Backend.ScatterAddRows(compactResult, rows, result);
        return result;
    }

    /// <summary>
    /// Forward rule of <see cref="CrossEntropy(Tensor, ReadOnlySpan{int}, int)"/>: tloss = Σ (softmax(logits) −
    /// onehot(labels)) ∘ tlogits / N over the N rows not ignored.
    /// </summary>
    public static Tensor CrossEntropyJvp(Tensor logits, ReadOnlySpan<int> labels, Tensor tlogits, int ignoreIndex = OpDefaults.CrossEntropyIgnoreIndex)
    {
        const string op = nameof(CrossEntropyJvp);
        var backend = BackendOf(op, logits, tlogits);
        CheckCrossEntropy(op, logits, labels, ignoreIndex);
        RequireSameShape(op, logits, tlogits, "the tangent of the logits");
        Tensor loss = Tensor.Empty([], logits.DType, logits.Device);
        if (!labels.Contains(ignoreIndex))
        {
            backend.CrossEntropyJvp(logits, labels, tlogits, loss);
            return loss;
        }
        (int[] rows, int[] kept) = KeptRows(labels, ignoreIndex);
        if (rows.Length == 0)
        {
            backend.Fill(loss, double.NaN);
            return loss;
        }
        using Tensor compact = GatherKept(logits, rows), compactTangent = GatherKept(tlogits, rows);
        backend.CrossEntropyJvp(compact, kept, compactTangent, loss);
        return loss;
    }

    /// <summary>The positions of the rows whose label is not ignored, and their labels.</summary>
    private static (int[] Rows, int[] Labels) KeptRows(ReadOnlySpan<int> labels, int ignoreIndex)
    {
        var rows = new List<int>(labels.Length);
        var kept = new List<int>(labels.Length);
        for (int i = 0; i < labels.Length; i++)
        {
            if (labels[i] != ignoreIndex)
            {
                rows.Add(i);
                kept.Add(labels[i]);
            }
        }
        return (rows.ToArray(), kept.ToArray());
    }

    /// <summary>The kept rows of a [N, C] tensor, [kept, C] (a scratch tensor: dispose it).</summary>
    private static Tensor GatherKept(Tensor t, int[] rows)
    {
        Tensor compact = Tensor.Empty([rows.Length, t.Size(1)], t.DType, t.Device).AsScratch();
        if (rows.Length > 0)
        {
            t.Backend.GatherRows(t, rows, compact);
        }
        return compact;
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

    private static void CheckCrossEntropy(string op, Tensor logits, ReadOnlySpan<int> labels, int ignoreIndex)
    {
        RequireRank(op, nameof(logits), logits, 2);
        if (labels.Length != logits.Size(0))
        {
            throw new ArgumentException($"{op}: logits of shape {TensorShape.Format(logits.Shape)} need {logits.Size(0)} labels, got shape [{labels.Length}].", nameof(labels));
        }
        int classes = logits.Size(1);
        for (int i = 0; i < labels.Length; i++)
        {
            if ((uint)labels[i] >= (uint)classes && labels[i] != ignoreIndex)
            {
                throw new ArgumentException($"{op}: label {labels[i]} at position {i} is outside [0, {classes}) and not the ignored index {ignoreIndex} for logits of shape {TensorShape.Format(logits.Shape)}.", nameof(labels));
            }
        }
    }
}
