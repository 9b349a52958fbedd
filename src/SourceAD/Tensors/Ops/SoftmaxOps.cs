namespace SourceAD.Tensors;

public static partial class Ops
{
    /// <summary>softmax along <paramref name="axis"/> (PyTorch's dim; negative counts from the end).</summary>
    public static Tensor Softmax(Tensor x, int axis = -1) => SoftmaxCore(nameof(Softmax), x, axis, log: false);

    /// <summary>Backward rule of <see cref="Softmax"/> from its output y: dx = y ∘ (dy − ⟨y, dy⟩) along the axis.</summary>
    public static Tensor SoftmaxBackward(Tensor y, Tensor dy, int axis = -1) => SoftmaxDerivative(nameof(SoftmaxBackward), y, dy, axis, log: false, transpose: true);

    /// <summary>Forward rule of <see cref="Softmax"/> from its output y: ty = y ∘ (tx − ⟨y, tx⟩) along the axis.</summary>
    public static Tensor SoftmaxJvp(Tensor y, Tensor tx, int axis = -1) => SoftmaxDerivative(nameof(SoftmaxJvp), y, tx, axis, log: false, transpose: false);

    /// <summary>log_softmax along <paramref name="axis"/> (computed stably as x − logsumexp(x)).</summary>
    public static Tensor LogSoftmax(Tensor x, int axis = -1) => SoftmaxCore(nameof(LogSoftmax), x, axis, log: true);

    /// <summary>Backward rule of <see cref="LogSoftmax"/> from its output y: dx = dy − e^y·Σdy along the axis.</summary>
    public static Tensor LogSoftmaxBackward(Tensor y, Tensor dy, int axis = -1) => SoftmaxDerivative(nameof(LogSoftmaxBackward), y, dy, axis, log: true, transpose: true);

    /// <summary>Forward rule of <see cref="LogSoftmax"/> from its output y: ty = tx − ⟨e^y, tx⟩ along the axis.</summary>
    public static Tensor LogSoftmaxJvp(Tensor y, Tensor tx, int axis = -1) => SoftmaxDerivative(nameof(LogSoftmaxJvp), y, tx, axis, log: true, transpose: false);

    private static Tensor SoftmaxCore(string op, Tensor x, int axis, bool log)
    {
        if (x.Rank == 0)
        {
            throw new ArgumentException($"{op}: the input must have at least one axis, got shape [].");
        }
        int a = Tensor.NormalizeAxis(axis, x.Rank, op);
        Tensor y = EmptyLike(x);
        x.Backend.Softmax(x, y, a, log);
        return y;
    }

    private static Tensor SoftmaxDerivative(string op, Tensor y, Tensor g, int axis, bool log, bool transpose)
    {
        var backend = BackendOf(op, y, g);
        RequireSameShape(op, y, g, "the adjoint or tangent");
        int a = Tensor.NormalizeAxis(axis, y.Rank, op);
        Tensor result = EmptyLike(y);
        backend.SoftmaxDerivative(y, g, result, a, log, transpose);
        return result;
    }
}
