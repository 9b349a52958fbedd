namespace SourceAD.Tensors;

// Slices along one axis: copies (tensors are contiguous). Narrow's adjoint writes dy into zeros; Concat's narrows dy.
public static partial class Ops
{
    /// <summary>
    /// x[…, start : start + length, …] along <paramref name="axis"/> (negative counts from the end), a copy as torch's
    /// x.narrow(axis, start, length).contiguous(); three calls split a fused q/k/v projection.
    /// </summary>
    public static Tensor Narrow(Tensor x, int axis, int start, int length)
    {
        const string op = nameof(Narrow);
        int a = NarrowAxis(op, x, axis, start, length);
        int[] shape = x.ShapeArray;
        shape[a] = length;
        Tensor y = Tensor.Empty(shape, x.DType, x.Device);
        x.Backend.Narrow(x, a, start, y);
        return y;
    }

    /// <summary>Backward rule of <see cref="Narrow"/>: dx = zeros of x's shape with dy written at the slice.</summary>
    public static Tensor NarrowBackward(Tensor x, Tensor dy, int axis, int start)
    {
        const string op = nameof(NarrowBackward);
        var backend = BackendOf(op, x, dy);
        int a = NarrowAxis(op, x, axis, start, dy.Rank == x.Rank ? dy.Size(Tensor.NormalizeAxis(axis, x.Rank, op)) : 0);
        int[] shape = x.ShapeArray;
        shape[a] = dy.Size(a);
        RequireShape(op, shape, dy, "the output adjoint");
        Tensor dx = ZerosLike(x);
        backend.WriteSlice(dy, a, start, dx);
        return dx;
    }

    /// <summary>Forward rule of <see cref="Narrow"/> (linear): the tangent's slice.</summary>
    public static Tensor NarrowJvp(Tensor tx, int axis, int start, int length) => Narrow(tx, axis, start, length);

    /// <summary>a and b joined along <paramref name="axis"/> (negative counts from the end), as torch.cat([a, b], axis): equal shapes but on that axis.</summary>
    public static Tensor Concat(Tensor a, Tensor b, int axis)
    {
        const string op = nameof(Concat);
        var backend = BackendOf(op, a, b);
        (int ax, int[] shape) = ConcatShape(op, a, b, axis);
        Tensor y = Tensor.Empty(shape, a.DType, a.Device);
        backend.WriteSlice(a, ax, 0, y);
        backend.WriteSlice(b, ax, a.Size(ax), y);
        return y;
    }

    /// <summary>Backward rule of <see cref="Concat"/>: dy's two slices.</summary>
    public static (Tensor Da, Tensor Db) ConcatBackward(Tensor a, Tensor b, Tensor dy, int axis)
    {
        const string op = nameof(ConcatBackward);
        var backend = BackendOf(op, a, b, dy);
        (int ax, int[] shape) = ConcatShape(op, a, b, axis);
        RequireShape(op, shape, dy, "the output adjoint");
        Tensor da = EmptyLike(a), db = EmptyLike(b);
        backend.Narrow(dy, ax, 0, da);
        backend.Narrow(dy, ax, a.Size(ax), db);
        return (da, db);
    }

    /// <summary>Forward rule of <see cref="Concat"/> (linear): the tangents joined, zeros for a null one.</summary>
    public static Tensor ConcatJvp(Tensor a, Tensor b, Tensor? ta, Tensor? tb, int axis)
    {
        const string op = nameof(ConcatJvp);
        var backend = BackendOf(op, a, b, ta, tb);
        (int ax, int[] shape) = ConcatShape(op, a, b, axis);
        Tensor ty = Tensor.Zeros(shape, a.DType, a.Device);
        if (ta is not null)
        {
            RequireSameShape(op, a, ta, "the tangent of a");
            backend.WriteSlice(ta, ax, 0, ty);
        }
        if (tb is not null)
        {
            RequireSameShape(op, b, tb, "the tangent of b");
            backend.WriteSlice(tb, ax, a.Size(ax), ty);
        }
        return ty;
    }

    private static int NarrowAxis(string op, Tensor x, int axis, int start, int length)
    {
        if (x.Rank == 0)
        {
            throw new ArgumentException($"{op}: the input must have at least one axis, got shape [].");
        }
        int a = Tensor.NormalizeAxis(axis, x.Rank, op);
        if (start < 0 || length < 0 || start + length > x.Size(a))
        {
            throw new ArgumentException($"{op}: the slice [{start}, {start + length}) is outside axis {a} of shape {TensorShape.Format(x.Shape)}.");
        }
        return a;
    }

    private static (int Axis, int[] Shape) ConcatShape(string op, Tensor a, Tensor b, int axis)
    {
        if (a.Rank == 0 || a.Rank != b.Rank)
        {
            throw new ArgumentException($"{op}: shapes {TensorShape.Format(a.Shape)} and {TensorShape.Format(b.Shape)} must have the same rank, at least 1.");
        }
        int ax = Tensor.NormalizeAxis(axis, a.Rank, op);
        for (int i = 0; i < a.Rank; i++)
        {
            if (i != ax && a.Size(i) != b.Size(i))
            {
                throw new ArgumentException($"{op}: shapes {TensorShape.Format(a.Shape)} and {TensorShape.Format(b.Shape)} differ on axis {i}; only axis {ax} may differ.");
            }
        }
        int[] shape = a.ShapeArray;
        shape[ax] += b.Size(ax);
        return (ax, shape);
    }
}
