using SourceAD.Tensors.Backends;

namespace SourceAD.Tensors;

// Layer norm composed of backend kernels every backend has (SumTo, Binary, Unary), so it runs on each of them unchanged:
// x̂ = (x − mean)·invStd along the last axis, invStd = 1/√(biased var + eps), y = x̂∘weight + bias. float32 and float64
// tensors on a backend with fused kernels (ITensorBackend.HasFusedLayerNorm: the CPU's, CpuBackend.LayerNorm.cs, one
// pass per row each way, sums in double) take those instead.
public static partial class Ops
{
    /// <summary>
    /// torch's F.layer_norm(x, [D], weight, bias, eps) over the last axis: x [.., D], weight and bias [D];
    /// y = (x − mean)/√(var + eps)∘weight + bias with the mean and the biased variance of each row.
    /// </summary>
    public static Tensor LayerNorm(Tensor x, Tensor weight, Tensor bias, double eps = OpDefaults.LayerNormEps)
    {
        const string op = nameof(LayerNorm);
        var backend = BackendOf(op, x, weight, bias);
        CheckLayerNorm(op, x, weight);
        RequireSameShape(op, weight, bias, "the bias");
        if (backend.HasFusedLayerNorm(x.DType) && x.Size(-1) > 0)
        {
            Tensor y = EmptyLike(x);
            backend.LayerNorm(x, weight, bias, y, eps);
            return y;
        }
        (Tensor xhat, Tensor invStd) = LayerNormNormalize(backend, x, eps);
        invStd.Recycle();
        backend.Binary(BinaryKind.Mul, xhat, weight, xhat);
        backend.Binary(BinaryKind.Add, xhat, bias, xhat);
        return xhat;
    }

    /// <summary>
    /// Backward rule of <see cref="LayerNorm"/>: with g = dy∘weight, dx = invStd·(g − mean(g) − x̂·mean(x̂∘g)) per row,
    /// dweight = Σ dy∘x̂ and dbias = Σ dy over the rows.
    /// </summary>
    public static (Tensor Dx, Tensor Dweight, Tensor Dbias) LayerNormBackward(Tensor x, Tensor weight, Tensor dy, double eps = OpDefaults.LayerNormEps)
    {
        const string op = nameof(LayerNormBackward);
        var backend = BackendOf(op, x, weight, dy);
        CheckLayerNorm(op, x, weight);
        RequireSameShape(op, x, dy, "the output adjoint");
        if (backend.HasFusedLayerNorm(x.DType) && x.Size(-1) > 0)
        {
            Tensor dx = EmptyLike(x), dw = EmptyLike(weight), db = EmptyLike(weight);
            backend.LayerNormBackward(x, weight, dy, dx, dw, db, eps);
            return (dx, dw, db);
        }
        (Tensor xhat, Tensor invStd) = LayerNormNormalize(backend, x, eps);
        using (xhat.AsScratch())
        using (invStd.AsScratch())
        {
            Tensor dweight = EmptyLike(weight), dbias = EmptyLike(weight);
            using (Tensor g = EmptyLike(x).AsScratch())
            {
                backend.Binary(BinaryKind.Mul, dy, xhat, g);
                backend.SumTo(g, dweight);
                backend.SumTo(dy, dbias);
                backend.Binary(BinaryKind.Mul, dy, weight, g);
                return (LayerNormInputDerivative(backend, xhat, invStd, g), dweight, dbias);
            }
        }
    }

    /// <summary>
    /// Forward rule of <see cref="LayerNorm"/>: ty = weight∘invStd·(tx − mean(tx) − x̂·mean(x̂∘tx)) + x̂∘tweight + tbias
    /// (a null tangent is zero).
    /// </summary>
    public static Tensor LayerNormJvp(Tensor x, Tensor weight, Tensor? tx, Tensor? tweight, Tensor? tbias, double eps = OpDefaults.LayerNormEps)
    {
        const string op = nameof(LayerNormJvp);
        var backend = BackendOf(op, x, weight, tx, tweight, tbias);
        CheckLayerNorm(op, x, weight);
        (Tensor xhat, Tensor invStd) = LayerNormNormalize(backend, x, eps);
        using (xhat.AsScratch())
        using (invStd.AsScratch())
        {
            Tensor ty = ZerosLike(x);
            if (tx is not null)
            {
                RequireSameShape(op, x, tx, "the tangent of x");
                using Tensor part = LayerNormInputDerivative(backend, xhat, invStd, tx).AsScratch();
                backend.Binary(BinaryKind.Mul, part, weight, part);
                AddInto(ty, part);
            }
            if (tweight is not null)
            {
                RequireSameShape(op, weight, tweight, "the tangent of the weight");
                using Tensor part = EmptyLike(x).AsScratch();
                backend.Binary(BinaryKind.Mul, xhat, tweight, part);
                AddInto(ty, part);
            }
            if (tbias is not null)
            {
                RequireSameShape(op, weight, tbias, "the tangent of the bias");
                backend.Binary(BinaryKind.Add, ty, tbias, ty);
            }
            return ty;
        }
    }

    /// <summary>x̂ (x's shape) and invStd (x's shape with a last axis of 1), both fresh.</summary>
    private static (Tensor XHat, Tensor InvStd) LayerNormNormalize(ITensorBackend backend, Tensor x, double eps)
    {
        int d = x.Size(-1);
        int[] kept = x.ShapeArray;
        kept[^1] = 1;
        Tensor xhat = EmptyLike(x), invStd = Tensor.Empty(kept, x.DType, x.Device);
        using (Tensor mean = Tensor.Empty(kept, x.DType, x.Device).AsScratch())
        {
            backend.SumTo(x, mean);
            backend.Unary(UnaryKind.Scale, 1.0 / d, mean, mean);
            backend.Binary(BinaryKind.Sub, x, mean, xhat);
        }
        using (Tensor square = EmptyLike(x).AsScratch())
        {
            backend.Binary(BinaryKind.Mul, xhat, xhat, square);
            backend.SumTo(square, invStd);
        }
        backend.Unary(UnaryKind.Scale, 1.0 / d, invStd, invStd);
        backend.Unary(UnaryKind.AddScalar, eps, invStd, invStd);
        backend.Unary(UnaryKind.Rsqrt, 0, invStd, invStd);
        backend.Binary(BinaryKind.Mul, xhat, invStd, xhat);
        return (xhat, invStd);
    }

    /// <summary>
    /// invStd·(g − mean(g) − x̂·mean(x̂∘g)) per row: the derivative of x ↦ x̂ applied to g. It is symmetric, so it is
    /// both the backward rule (g an adjoint) and the forward rule (g a tangent).
    /// </summary>
    private static Tensor LayerNormInputDerivative(ITensorBackend backend, Tensor xhat, Tensor invStd, Tensor g)
    {
        double scale = 1.0 / xhat.Size(-1);
        Tensor result = EmptyLike(g);
        using Tensor meanG = EmptyLike(invStd).AsScratch(), meanXG = EmptyLike(invStd).AsScratch();
        backend.SumTo(g, meanG);
        backend.Unary(UnaryKind.Scale, scale, meanG, meanG);
        backend.Binary(BinaryKind.Mul, xhat, g, result);
        backend.SumTo(result, meanXG);
        backend.Unary(UnaryKind.Scale, scale, meanXG, meanXG);
        backend.Binary(BinaryKind.Mul, xhat, meanXG, result);
        backend.Binary(BinaryKind.Sub, g, result, result);
        backend.Binary(BinaryKind.Sub, result, meanG, result);
        backend.Binary(BinaryKind.Mul, result, invStd, result);
        return result;
    }

    private static void CheckLayerNorm(string op, Tensor x, Tensor weight)
    {
        if (x.Rank == 0 || weight.Rank != 1 || weight.Size(0) != x.Size(-1))
        {
            throw new ArgumentException($"{op}: x of shape {TensorShape.Format(x.Shape)} needs a weight of shape [{(x.Rank == 0 ? "D" : x.Size(-1))}] over its last axis, got {TensorShape.Format(weight.Shape)}.");
        }
    }
}
