namespace SourceAD.Tensors;

public static partial class Ops
{
    /// <summary>softmax along the last axis.</summary>
    public static Tensor Softmax(Tensor x) => SoftmaxCore(x, log: false);

    /// <summary>Backward rule of <see cref="Softmax"/> from its output y: dx = y ∘ (dy − ⟨y, dy⟩) per row.</summary>
    public static Tensor SoftmaxBackward(Tensor y, Tensor dy) => SoftmaxDerivative(nameof(SoftmaxBackward), y, dy, log: false, transpose: true);

    /// <summary>Forward rule of <see cref="Softmax"/> from its output y: ty = y ∘ (tx − ⟨y, tx⟩) per row.</summary>
    public static Tensor SoftmaxJvp(Tensor y, Tensor tx) => SoftmaxDerivative(nameof(SoftmaxJvp), y, tx, log: false, transpose: false);

    /// <summary>log_softmax along the last axis (computed stably as x − logsumexp(x)).</summary>
    public static Tensor LogSoftmax(Tensor x) => SoftmaxCore(x, log: true);

    /// <summary>Backward rule of <see cref="LogSoftmax"/> from its output y: dx = dy − e^y·Σdy per row.</summary>
    public static Tensor LogSoftmaxBackward(Tensor y, Tensor dy) => SoftmaxDerivative(nameof(LogSoftmaxBackward), y, dy, log: true, transpose: true);

    /// <summary>Forward rule of <see cref="LogSoftmax"/> from its output y: ty = tx − ⟨e^y, tx⟩ per row.</summary>
    public static Tensor LogSoftmaxJvp(Tensor y, Tensor tx) => SoftmaxDerivative(nameof(LogSoftmaxJvp), y, tx, log: true, transpose: false);

    private static Tensor SoftmaxCore(Tensor x, bool log)
    {
        if (x.Rank == 0)
        {
            throw new ArgumentException($"{(log ? nameof(LogSoftmax) : nameof(Softmax))}: the input must have at least one axis, got shape [].");
        }
        Tensor y = EmptyLike(x);
        x.Backend.Softmax(x, y, log);
        return y;
    }

    private static Tensor SoftmaxDerivative(string op, Tensor y, Tensor g, bool log, bool transpose)
    {
        var backend = BackendOf(op, y, g);
        RequireSameShape(op, y, g, "the adjoint or tangent");
        Tensor result = EmptyLike(y);
        backend.SoftmaxDerivative(y, g, result, log, transpose);
        return result;
    }
}
