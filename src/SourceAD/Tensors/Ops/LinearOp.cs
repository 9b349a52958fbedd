namespace SourceAD.Tensors;

public static partial class Ops
{
    /// <summary>PyTorch's linear layer: x [N, in] · wᵀ (w [out, in]) + b [out] (b optional): [N, out].</summary>
    public static Tensor Linear(Tensor x, Tensor w, Tensor? b = null)
    {
        const string op = nameof(Linear);
        var backend = BackendOf(op, x, w, b);
        CheckLinear(op, x, w, b);
        Tensor y = Tensor.Empty([x.Size(0), w.Size(0)], x.DType, x.Device);
        backend.MatMul(x, false, w, true, y, 0);
        if (b is not null)
        {
            backend.AddBias(y, b, 1);
        }
        return y;
    }

    /// <summary>Backward rule of <see cref="Linear"/>: dx = dy·w, dw = dyᵀ·x, db = Σ_rows dy (null without a bias).</summary>
    public static (Tensor Dx, Tensor Dw, Tensor? Db) LinearBackward(Tensor x, Tensor w, bool hasBias, Tensor dy)
    {
        const string op = nameof(LinearBackward);
        var backend = BackendOf(op, x, w, dy);
        CheckLinear(op, x, w, null);
        if (dy.Rank != 2 || dy.Size(0) != x.Size(0) || dy.Size(1) != w.Size(0))
        {
            throw new ArgumentException($"{op}: the output adjoint has shape {TensorShape.Format(dy.Shape)} but [{x.Size(0)}, {w.Size(0)}] is required.");
        }
        Tensor dx = EmptyLike(x), dw = EmptyLike(w);
        backend.MatMul(dy, false, w, false, dx, 0);
        backend.MatMul(dy, true, x, false, dw, 0);
        Tensor? db = null;
        if (hasBias)
        {
            db = Tensor.Empty([w.Size(0)], x.DType, x.Device);
            backend.SumToBias(dy, db, 1);
        }
        return (dx, dw, db);
    }

    /// <summary>Forward rule of <see cref="Linear"/>: ty = tx·wᵀ + x·twᵀ + tb (null tangents are zero).</summary>
    public static Tensor LinearJvp(Tensor x, Tensor w, Tensor? tx, Tensor? tw, Tensor? tb)
    {
        const string op = nameof(LinearJvp);
        var backend = BackendOf(op, x, w, tx, tw, tb);
        CheckLinear(op, x, w, tb);
        Tensor ty = Tensor.Zeros([x.Size(0), w.Size(0)], x.DType, x.Device);
        if (tx is not null)
        {
            RequireSameShape(op, x, tx, "the tangent of x");
            backend.MatMul(tx, false, w, true, ty, 1);
        }
        if (tw is not null)
        {
            RequireSameShape(op, w, tw, "the tangent of w");
            backend.MatMul(x, false, tw, true, ty, 1);
        }
        if (tb is not null)
        {
            backend.AddBias(ty, tb, 1);
        }
        return ty;
    }

    private static void CheckLinear(string op, Tensor x, Tensor w, Tensor? b)
    {
        RequireRank(op, nameof(x), x, 2);
        RequireRank(op, nameof(w), w, 2);
        if (x.Size(1) != w.Size(1))
        {
            throw new ArgumentException($"{op}: input shape {TensorShape.Format(x.Shape)} and weight shape {TensorShape.Format(w.Shape)} do not match (in_features {x.Size(1)} vs {w.Size(1)}).");
        }
        if (b is not null && (b.Rank != 1 || b.Size(0) != w.Size(0)))
        {
            throw new ArgumentException($"{op}: bias shape {TensorShape.Format(b.Shape)} does not match weight shape {TensorShape.Format(w.Shape)} (expected [{w.Size(0)}]).");
        }
    }
}
