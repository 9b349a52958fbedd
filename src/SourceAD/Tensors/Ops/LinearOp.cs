namespace SourceAD.Tensors;

public static partial class Ops
{
    /// <summary>
    /// PyTorch's linear layer: x [..., in] · wᵀ (w [out, in]) + b [out] (b optional): [..., out]. Leading axes of x
    /// (none, a batch, or batch and sequence) are treated as rows.
    /// </summary>
    public static Tensor Linear(Tensor x, Tensor w, Tensor? b = null)
    {
        const string op = nameof(Linear);
        var backend = BackendOf(op, x, w, b);
        CheckLinear(op, x, w, b);
        using Tensor rows = AsRows(x).AsScratch();
        using Tensor y = Tensor.Empty([rows.Size(0), w.Size(0)], x.DType, x.Device).AsScratch();
        backend.MatMul(rows, false, w, true, y, 0);
        if (b is not null)
        {
            backend.AddBias(y, b, 1);
        }
        return y.Reshape(LinearShape(x, w, stackalloc int[x.Rank]));
    }

    /// <summary>Backward rule of <see cref="Linear"/>: dx = dy·w, dw = dyᵀ·x, db = Σ_rows dy (null without a bias).</summary>
    public static (Tensor Dx, Tensor Dw, Tensor? Db) LinearBackward(Tensor x, Tensor w, bool hasBias, Tensor dy)
    {
        const string op = nameof(LinearBackward);
        var backend = BackendOf(op, x, w, dy);
        CheckLinear(op, x, w, null);
        RequireShape(op, LinearShape(x, w, stackalloc int[x.Rank]), dy, "the output adjoint");
        using Tensor rows = AsRows(x).AsScratch(), dyRows = AsRows(dy).AsScratch();
        using Tensor dxRows = Tensor.Empty(rows.Shape, x.DType, x.Device).AsScratch();
        Tensor dw = EmptyLike(w);
        backend.MatMul(dyRows, false, w, false, dxRows, 0);
        backend.MatMul(dyRows, true, rows, false, dw, 0);
        Tensor? db = null;
        if (hasBias)
        {
            db = Tensor.Empty([w.Size(0)], x.DType, x.Device);
            backend.SumToBias(dyRows, db, 1);
        }
        return (dxRows.Reshape(x.Shape), dw, db);
    }

    /// <summary>
    /// The parameter part of <see cref="LinearBackward"/>: dw = dyᵀ·x and db = Σ_rows dy (null without a bias). A layer
    /// whose input is data (no adjoint needed) skips the dx product.
    /// </summary>
    public static (Tensor Dw, Tensor? Db) LinearBackwardWeights(Tensor x, Tensor w, bool hasBias, Tensor dy)
    {
        const string op = nameof(LinearBackwardWeights);
        var backend = BackendOf(op, x, w, dy);
        CheckLinear(op, x, w, null);
        RequireShape(op, LinearShape(x, w, stackalloc int[x.Rank]), dy, "the output adjoint");
        using Tensor rows = AsRows(x).AsScratch(), dyRows = AsRows(dy).AsScratch();
        Tensor dw = EmptyLike(w);
        backend.MatMul(dyRows, true, rows, false, dw, 0);
        Tensor? db = null;
        if (hasBias)
        {
            db = Tensor.Empty([w.Size(0)], x.DType, x.Device);
            backend.SumToBias(dyRows, db, 1);
        }
        return (dw, db);
    }

    /// <summary>Forward rule of <see cref="Linear"/>: ty = tx·wᵀ + x·twᵀ + tb (null tangents are zero).</summary>
    public static Tensor LinearJvp(Tensor x, Tensor w, Tensor? tx, Tensor? tw, Tensor? tb)
    {
        const string op = nameof(LinearJvp);
        var backend = BackendOf(op, x, w, tx, tw, tb);
        CheckLinear(op, x, w, tb);
        using Tensor rows = AsRows(x).AsScratch();
        using Tensor ty = Tensor.Zeros([rows.Size(0), w.Size(0)], x.DType, x.Device).AsScratch();
        if (tx is not null)
        {
            RequireSameShape(op, x, tx, "the tangent of x");
            using Tensor txRows = AsRows(tx).AsScratch();
            backend.MatMul(txRows, false, w, true, ty, 1);
        }
        if (tw is not null)
        {
            RequireSameShape(op, w, tw, "the tangent of w");
            backend.MatMul(rows, false, tw, true, ty, 1);
        }
        if (tb is not null)
        {
            backend.AddBias(ty, tb, 1);
        }
        return ty.Reshape(LinearShape(x, w, stackalloc int[x.Rank]));
    }

    /// <summary>x viewed as a matrix [rows, last axis].</summary>
    private static Tensor AsRows(Tensor x) => x.Reshape(-1, x.Size(-1));

    private static Span<int> LinearShape(Tensor x, Tensor w, Span<int> shape)
    {
        x.Shape.CopyTo(shape);
        shape[^1] = w.Size(0);
        return shape;
    }

    private static void CheckLinear(string op, Tensor x, Tensor w, Tensor? b)
    {
        if (x.Rank < 1)
        {
            throw new ArgumentException($"{op}: the input must have at least one axis, got shape [].", nameof(x));
        }
        RequireRank(op, nameof(w), w, 2);
        if (x.Size(-1) != w.Size(1))
        {
            throw new ArgumentException($"{op}: input shape {TensorShape.Format(x.Shape)} and weight shape {TensorShape.Format(w.Shape)} do not match (in_features {x.Size(-1)} vs {w.Size(1)}).");
        }
        if (b is not null && (b.Rank != 1 || b.Size(0) != w.Size(0)))
        {
            throw new ArgumentException($"{op}: bias shape {TensorShape.Format(b.Shape)} does not match weight shape {TensorShape.Format(w.Shape)} (expected [{w.Size(0)}]).");
        }
    }
}
