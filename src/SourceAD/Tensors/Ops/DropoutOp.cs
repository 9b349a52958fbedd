using SourceAD.Tensors.Backends;

namespace SourceAD.Tensors;

// The mask is never stored: each call (primal, backward and forward rule) recomputes it from (seed, step, index) with
// DropoutMask's counter-based hash, so a reverse sweep needs no tape entry and every backend drops the same elements.
public static partial class Ops
{
    /// <summary>
    /// Inverted dropout, as torch's F.dropout: in training each element of x is zeroed with probability
    /// <paramref name="p"/> and the kept ones are scaled by 1/(1 − p); in evaluation it is the identity (a copy). The
    /// mask is a deterministic function of (<paramref name="seed"/>, <paramref name="step"/>, element index) (see
    /// <see cref="DropoutMask"/>): pass a new step per training step for a new mask.
    /// </summary>
    public static Tensor Dropout(Tensor x, double p, int seed, long step, bool training) =>
        DropoutApply(nameof(Dropout), x, p, seed, step, training);

    /// <summary>Backward rule of <see cref="Dropout"/>: dx = dy·mask/(1 − p), the mask recomputed (dy itself, copied, in evaluation).</summary>
    public static Tensor DropoutBackward(Tensor dy, double p, int seed, long step, bool training) =>
        DropoutApply(nameof(DropoutBackward), dy, p, seed, step, training);

    /// <summary>Forward rule of <see cref="Dropout"/>: ty = tx·mask/(1 − p), the same mask (tx, copied, in evaluation).</summary>
    public static Tensor DropoutJvp(Tensor tx, double p, int seed, long step, bool training) =>
        DropoutApply(nameof(DropoutJvp), tx, p, seed, step, training);

    // The map is linear and diagonal, so the primal and both rules are the same kernel.
    private static Tensor DropoutApply(string op, Tensor x, double p, int seed, long step, bool training)
    {
        var backend = BackendOf(op, x);
        if (!(p >= 0 && p < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(p), p, $"{op}: the drop probability must lie in [0, 1), for x of shape {TensorShape.Format(x.Shape)}.");
        }
        Tensor y = EmptyLike(x);
        if (training)
        {
            backend.Dropout(x, DropoutMask.Key(seed, step), DropoutMask.Threshold(p), 1 / (1 - p), y);
        }
        else
        {
            backend.Convert(x, y);
        }
        return y;
    }
}
