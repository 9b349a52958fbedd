using SourceAD.Tensors.Backends;

namespace SourceAD.Tensors;

public static partial class Ops
{
    /// <summary>a + b with NumPy/PyTorch broadcasting.</summary>
    public static Tensor Add(Tensor a, Tensor b) => Binary(nameof(Add), BinaryKind.Add, a, b);

    /// <summary>a − b with broadcasting.</summary>
    public static Tensor Sub(Tensor a, Tensor b) => Binary(nameof(Sub), BinaryKind.Sub, a, b);

    /// <summary>a ∘ b (elementwise product) with broadcasting.</summary>
    public static Tensor Mul(Tensor a, Tensor b) => Binary(nameof(Mul), BinaryKind.Mul, a, b);

    /// <summary>a / b (elementwise) with broadcasting.</summary>
    public static Tensor Div(Tensor a, Tensor b) => Binary(nameof(Div), BinaryKind.Div, a, b);

    /// <summary>
    /// Backward rule of <see cref="Add"/>, <see cref="Sub"/>, <see cref="Mul"/> and <see cref="Div"/>: the adjoints
    /// of a and b, each summed back to its own shape over the axes broadcasting stretched.
    /// </summary>
    public static (Tensor Da, Tensor Db) BinaryBackward(BinaryKind kind, Tensor a, Tensor b, Tensor dy)
    {
        string op = BackwardName(kind);
        var backend = BackendOf(op, a, b, dy);
        Span<int> shape = stackalloc int[Math.Max(a.Rank, b.Rank)];
        TensorShape.Broadcast(op, a.Shape, b.Shape, shape);
        RequireShape(op, shape, dy, "the output adjoint");
        using Tensor fa = Tensor.Empty(dy.Shape, dy.DType, dy.Device).AsScratch(), fb = Tensor.Empty(dy.Shape, dy.DType, dy.Device).AsScratch();
        switch (kind)
        {
            case BinaryKind.Add:
                backend.Convert(dy, fa);
                backend.Convert(dy, fb);
                break;
            case BinaryKind.Sub:
                backend.Convert(dy, fa);
                backend.Unary(UnaryKind.Scale, -1, dy, fb);
                break;
            case BinaryKind.Mul:
                backend.Binary(BinaryKind.Mul, dy, b, fa);
                backend.Binary(BinaryKind.Mul, dy, a, fb);
                break;
            default:
                // d(a/b) = da/b − a·db/b²: fb = −(dy/b)·(a/b).
                backend.Binary(BinaryKind.Div, dy, b, fa);
                using (Tensor ratio = Tensor.Empty(dy.Shape, dy.DType, dy.Device).AsScratch())
                {
                    backend.Binary(BinaryKind.Div, a, b, ratio);
                    backend.Binary(BinaryKind.Mul, fa, ratio, fb);
                }
                backend.Unary(UnaryKind.Scale, -1, fb, fb);
                break;
        }
        Tensor da = EmptyLike(a), db = EmptyLike(b);
        backend.SumTo(fa, da);
        backend.SumTo(fb, db);
        return (da, db);
    }

    // Constant names, so that a backward step builds no string.
    private static string BackwardName(BinaryKind kind) => kind switch
    {
        BinaryKind.Add => "AddBackward",
        BinaryKind.Sub => "SubBackward",
        BinaryKind.Mul => "MulBackward",
        BinaryKind.Div => "DivBackward",
        _ => kind + "Backward",
    };

    /// <summary>Forward rule of the binary ops: ta ± tb, ta∘b + a∘tb, or (ta − (a/b)∘tb)/b, broadcast (null tangents are zero).</summary>
    public static Tensor BinaryJvp(BinaryKind kind, Tensor a, Tensor b, Tensor? ta, Tensor? tb)
    {
        string op = kind + "Jvp";
        var backend = BackendOf(op, a, b, ta, tb);
        int[] shape = TensorShape.Broadcast(op, a.Shape, b.Shape);
        if (ta is not null)
        {
            RequireSameShape(op, a, ta, "the tangent of a");
        }
        if (tb is not null)
        {
            RequireSameShape(op, b, tb, "the tangent of b");
        }
        Tensor ty = Tensor.Zeros(shape, a.DType, a.Device);
        using Tensor part = Tensor.Empty(shape, a.DType, a.Device).AsScratch();
        switch (kind)
        {
            case BinaryKind.Add:
            case BinaryKind.Sub:
                if (ta is not null)
                {
                    backend.Binary(BinaryKind.Add, ty, ta, ty);
                }
                if (tb is not null)
                {
                    backend.Binary(kind, ty, tb, ty);
                }
                break;
            case BinaryKind.Mul:
                if (ta is not null)
                {
                    backend.Binary(BinaryKind.Mul, ta, b, part);
                    AddInto(ty, part);
                }
                if (tb is not null)
                {
                    backend.Binary(BinaryKind.Mul, a, tb, part);
                    AddInto(ty, part);
                }
                break;
            default:
                if (ta is not null)
                {
                    backend.Binary(BinaryKind.Div, ta, b, part);
                    AddInto(ty, part);
                }
                if (tb is not null)
                {
                    using Tensor y = Tensor.Empty(shape, a.DType, a.Device).AsScratch();
                    backend.Binary(BinaryKind.Div, a, b, y);
                    backend.Binary(BinaryKind.Mul, y, tb, part);
                    backend.Binary(BinaryKind.Div, part, b, part);
                    backend.Binary(BinaryKind.Sub, ty, part, ty);
                }
                break;
        }
        return ty;
    }

    /// <summary>
    /// target += addend, in place (addend broadcast to target's shape): how reverse mode accumulates the adjoint of a
    /// value used more than once, without allocating.
    /// </summary>
    public static void AddInPlace(Tensor target, Tensor addend)
    {
        const string op = nameof(AddInPlace);
        var backend = BackendOf(op, target, addend);
        Span<int> shape = stackalloc int[Math.Max(target.Rank, addend.Rank)];
        TensorShape.Broadcast(op, target.Shape, addend.Shape, shape);
        if (!TensorShape.Equal(shape, target.Shape))
        {
            throw new ArgumentException($"{op}: addend of shape {TensorShape.Format(addend.Shape)} would grow target of shape {TensorShape.Format(target.Shape)}.");
        }
        backend.Binary(BinaryKind.Add, target, addend, target);
    }

    private static Tensor Binary(string op, BinaryKind kind, Tensor a, Tensor b)
    {
        var backend = BackendOf(op, a, b);
        Span<int> shape = stackalloc int[Math.Max(a.Rank, b.Rank)];
        TensorShape.Broadcast(op, a.Shape, b.Shape, shape);
        Tensor y = Tensor.Empty(shape, a.DType, a.Device);
        backend.Binary(kind, a, b, y);
        return y;
    }
}
