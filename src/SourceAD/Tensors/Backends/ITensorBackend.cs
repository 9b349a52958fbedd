namespace SourceAD.Tensors.Backends;

/// <summary>
/// The kernels one device family provides. <see cref="Ops"/> validates shapes and dtypes, allocates results and then calls
/// exactly one of these per primal, backward or forward rule, so a backend only computes. Every tensor passed in is
/// contiguous, lives on <see cref="Device"/>, and (except for <see cref="Convert"/>) all share one dtype; results are
/// preallocated with the right shape. Implementations: <see cref="Cpu.CpuBackend"/> now; ILGPU and TorchSharp later.
/// </summary>
public interface ITensorBackend
{
    /// <summary>The device whose tensors this backend computes.</summary>
    Device Device { get; }

    /// <summary>Rents memory for <paramref name="length"/> elements from the backend's pool, zeroed when <paramref name="clear"/>.</summary>
    TensorStorage Allocate(DType dtype, int length, bool clear);

    /// <summary>Copies host bytes holding elements of <paramref name="sourceType"/> into <paramref name="destination"/>, converting the dtype if needed.</summary>
    void CopyFromHost(ReadOnlySpan<byte> source, DType sourceType, Tensor destination);

    /// <summary>Copies <paramref name="source"/> out to host bytes holding elements of <paramref name="destinationType"/>, converting if needed.</summary>
    void CopyToHost(Tensor source, Span<byte> destination, DType destinationType);

    /// <summary>destination = source converted to destination's dtype (same element count).</summary>
    void Convert(Tensor source, Tensor destination);

    /// <summary>Sets every element to <paramref name="value"/>.</summary>
    void Fill(Tensor destination, double value);

    /// <summary>
    /// y = op(a)·op(b) + beta·y, op transposing the last two axes when asked; beta = 0 ignores y's contents. Each of a, b,
    /// y is 2-D or 3-D (a batch of matrices; a 2-D operand is shared by the batch). When y is 2-D and an operand is 3-D,
    /// the batch's products are summed into y (the adjoint of a shared operand).
    /// </summary>
    void MatMul(Tensor a, bool transposeA, Tensor b, bool transposeB, Tensor y, double beta);

    /// <summary>y[…, c, …] += bias[c], c running along <paramref name="axis"/> of y.</summary>
    void AddBias(Tensor y, Tensor bias, int axis);

    /// <summary>bias[c] = Σ of x over every axis but <paramref name="axis"/> (the adjoint of <see cref="AddBias"/>).</summary>
    void SumToBias(Tensor x, Tensor bias, int axis);

    /// <summary>y = f(x) elementwise.</summary>
    void Unary(UnaryKind kind, double parameter, Tensor x, Tensor y);

    /// <summary>
    /// result = f′(x)·g elementwise: the backward rule (g = adjoint of y) and the forward rule (g = tangent of x) of a
    /// unary op at once. <paramref name="y"/> = f(x) lets rules reuse the primal. At a kink (ReLU-like ops at 0)
    /// f′ follows <paramref name="policy"/>.
    /// </summary>
    void UnaryDerivativeProduct(UnaryKind kind, double parameter, DerivativePolicy policy, Tensor x, Tensor y, Tensor g, Tensor result);

    /// <summary>y = a ∘ b with NumPy broadcasting (y has the broadcast shape).</summary>
    void Binary(BinaryKind kind, Tensor a, Tensor b, Tensor y);

    /// <summary>y = Σ of x over the axes where y (right-aligned to x's rank) has size 1 and x does not.</summary>
    void SumTo(Tensor x, Tensor y);

    /// <summary>y = x broadcast (repeated) to y's shape.</summary>
    void BroadcastTo(Tensor x, Tensor y);

    /// <summary>y = softmax(x) or log_softmax(x) along <paramref name="axis"/> (non-negative).</summary>
    void Softmax(Tensor x, Tensor y, int axis, bool log);

    /// <summary>
    /// The derivative of (log-)softmax along <paramref name="axis"/>, applied to g, given its output y. With
    /// <paramref name="transpose"/> it is the backward rule (g an adjoint of y), otherwise the forward rule (g a tangent of x).
    /// </summary>
    void SoftmaxDerivative(Tensor y, Tensor g, Tensor result, int axis, bool log, bool transpose);

    /// <summary>loss[] = mean over rows n of (logsumexp(logits[n]) − logits[n, labels[n]]).</summary>
    void CrossEntropy(Tensor logits, ReadOnlySpan<int> labels, Tensor loss);

    /// <summary>result = scale·(softmax(logits) − onehot(labels)) / N, the backward rule of the mean cross-entropy for the adjoint scale.</summary>
    void CrossEntropyBackward(Tensor logits, ReadOnlySpan<int> labels, double scale, Tensor result);

    /// <summary>loss[] = Σ (softmax(logits) − onehot(labels)) ∘ tangent / N, the forward rule of the mean cross-entropy.</summary>
    void CrossEntropyJvp(Tensor logits, ReadOnlySpan<int> labels, Tensor tangent, Tensor loss);

    /// <summary>y[N,O,Ho,Wo] = conv2d(x[N,C,H,W], w[O,C,Kh,Kw]) + bias[O] (bias may be null): cross-correlation, zero padding.</summary>
    void Conv2d(Tensor x, Tensor w, Tensor? bias, Tensor y, Conv2dGeometry geometry);

    /// <summary>dx = the adjoint of conv2d with respect to x, applied to dy.</summary>
    void Conv2dBackwardInput(Tensor dy, Tensor w, Tensor dx, Conv2dGeometry geometry);

    /// <summary>dw = the adjoint of conv2d with respect to w, applied to dy (summed over the batch).</summary>
    void Conv2dBackwardWeight(Tensor x, Tensor dy, Tensor dw, Conv2dGeometry geometry);

    /// <summary>y = the maximum of each pooling window of x[N,C,H,W].</summary>
    void MaxPool2d(Tensor x, Tensor y, Pool2dGeometry geometry);

    /// <summary>
    /// dx = Σ over windows of dy·share, where the window's active set (entries equal to its max) shares the adjoint by
    /// <paramref name="ties"/>; throws <see cref="NonsmoothPointException"/> at a tie when <paramref name="strict"/>.
    /// </summary>
    void MaxPool2dBackward(Tensor x, Tensor dy, Tensor dx, Pool2dGeometry geometry, TieChoice ties, bool strict);

    /// <summary>ty = Σ over each window's active set of share·tx: the forward rule matching <see cref="MaxPool2dBackward"/>.</summary>
    void MaxPool2dJvp(Tensor x, Tensor tx, Tensor ty, Pool2dGeometry geometry, TieChoice ties, bool strict);

    /// <summary>y = the mean of each pooling window of x (windows inside the input; no padding).</summary>
    void AvgPool2d(Tensor x, Tensor y, Pool2dGeometry geometry);

    /// <summary>dx = the adjoint of <see cref="AvgPool2d"/> applied to dy.</summary>
    void AvgPool2dBackward(Tensor dy, Tensor dx, Pool2dGeometry geometry);

    /// <summary>
    /// Per channel c (axis 1 of x [N, C, H, W]): mean[c] and invStd[c] = 1/√(biased var + eps) over N·H·W. When running
    /// statistics are given they are updated as PyTorch does: r ← (1 − momentum)·r + momentum·batch value, with the
    /// unbiased variance.
    /// </summary>
    void BatchNormStatistics(Tensor x, Tensor mean, Tensor invStd, double eps, Tensor? runningMean, Tensor? runningVar, double momentum);

    /// <summary>y = gamma[c]·(x − mean[c])·invStd[c] + beta[c] (channels on axis 1).</summary>
    void BatchNormApply(Tensor x, Tensor mean, Tensor invStd, Tensor gamma, Tensor beta, Tensor y);

    /// <summary>
    /// result = gamma·invStd·(g − mean(g) − x̂·mean(x̂∘g)) per channel with batch statistics (both the backward rule
    /// for dx and the forward rule for tx, the map being symmetric), or gamma·invStd·g with fixed statistics.
    /// </summary>
    void BatchNormInputDerivative(Tensor x, Tensor mean, Tensor invStd, Tensor gamma, Tensor g, Tensor result, bool batchStatistics);

    /// <summary>dgamma[c] = Σ g∘x̂ and dbeta[c] = Σ g over the channel (x̂ = (x − mean)·invStd).</summary>
    void BatchNormParameterGradients(Tensor x, Tensor mean, Tensor invStd, Tensor g, Tensor dgamma, Tensor dbeta);

    /// <summary>
    /// ga = wa∘g and gb = wb∘g for same-shape a, b, g, where wa = 1, wb = 0 where a &gt; b (and the reverse where
    /// a &lt; b), and at a tie a and b (in that order) share by <paramref name="ties"/>: the derivative of max(a, b).
    /// Throws <see cref="NonsmoothPointException"/> at a tie when <paramref name="strict"/>.
    /// </summary>
    void MaximumDerivative(Tensor a, Tensor b, Tensor g, Tensor ga, Tensor gb, TieChoice ties, bool strict);

    /// <summary>y = the max of x over the axes where y (same rank) has size 1 and x does not; NaN propagates.</summary>
    void MaxReduce(Tensor x, Tensor y);

    /// <summary>
    /// The derivative of <see cref="MaxReduce"/> given its output y: each group's active set (entries equal to its
    /// max, in row-major order) shares by <paramref name="ties"/>. With <paramref name="transpose"/> result (x's shape)
    /// = g[group]·share at active entries, 0 elsewhere (backward); otherwise result (y's shape) = Σ share·g over the
    /// active entries (forward).
    /// </summary>
    void MaxReduceDerivative(Tensor x, Tensor y, Tensor g, Tensor result, TieChoice ties, bool strict, bool transpose);

    /// <summary>
    /// y = x with its axes permuted: axis i of y is axis <paramref name="axes"/>[i] of x (y has the permuted shape), a
    /// copy as torch's permute(…).contiguous(). Any dtype.
    /// </summary>
    void Permute(Tensor x, ReadOnlySpan<int> axes, Tensor y);

    /// <summary>
    /// y = <paramref name="value"/> where mask &gt; 0, else x (mask broadcast to x's shape, y of x's shape), as torch's
    /// x.masked_fill(mask &gt; 0, value); with value 0 it is also the rule of both directions.
    /// </summary>
    void MaskedFill(Tensor x, Tensor mask, double value, Tensor y);

    /// <summary>
    /// Dropout's kernel: y[i] = x[i]·scale where element i is kept (<see cref="DropoutMask.Keeps"/> with this key and
    /// threshold), else 0. The scale is rounded to x's dtype first, so every backend gives the same bits.
    /// </summary>
    void Dropout(Tensor x, uint key, uint threshold, double scale, Tensor y);

    /// <summary>y = x[…, start : start + y.Size(axis), …] along <paramref name="axis"/> (y has x's shape but on that axis). Any dtype.</summary>
    void Narrow(Tensor x, int axis, int start, Tensor y);

    /// <summary>
    /// destination[…, start : start + source.Size(axis), …] = source along <paramref name="axis"/>; the rest of
    /// destination keeps its contents (the adjoint of <see cref="Narrow"/> into zeros, and concatenation). Any dtype.
    /// </summary>
    void WriteSlice(Tensor source, int axis, int start, Tensor destination);

    /// <summary>y[i, :] = table[indices[i], :] for a table [V, D] and y [n, D] (indices already checked to lie in [0, V)).</summary>
    void GatherRows(Tensor table, ReadOnlySpan<int> indices, Tensor y);

    /// <summary>
    /// table[v, :] = Σ of rows[i, :] over the i with indices[i] = v, added in ascending i (0 for a v no index names): the
    /// adjoint of <see cref="GatherRows"/>. Deterministic: every backend adds each table row's terms in that order, with
    /// no atomics.
    /// </summary>
    void ScatterAddRows(Tensor rows, ReadOnlySpan<int> indices, Tensor table);

    /// <summary>
    /// Whether <see cref="LayerNorm"/> and <see cref="LayerNormBackward"/> take tensors of <paramref name="dtype"/>. A
    /// backend without fused layer-norm kernels keeps the default, and <c>Ops.LayerNorm</c> composes the op from the
    /// kernels above.
    /// </summary>
    bool HasFusedLayerNorm(DType dtype) => false;

    /// <summary>y = (x − mean)·invStd∘weight + bias per row of the last axis, invStd = 1/√(biased var + eps); only where <see cref="HasFusedLayerNorm"/>.</summary>
    void LayerNorm(Tensor x, Tensor weight, Tensor bias, Tensor y, double eps) =>
        throw new NotSupportedException($"{GetType().Name} has no fused layer norm; check HasFusedLayerNorm first.");

    /// <summary>
    /// dx = invStd·(g − mean(g) − x̂·mean(x̂∘g)) per row with g = dy∘weight; dweight = Σ dy∘x̂ and dbias = Σ dy over rows;
    /// only where <see cref="HasFusedLayerNorm"/>.
    /// </summary>
    void LayerNormBackward(Tensor x, Tensor weight, Tensor dy, Tensor dx, Tensor dweight, Tensor dbias, double eps) =>
        throw new NotSupportedException($"{GetType().Name} has no fused layer norm; check HasFusedLayerNorm first.");

    /// <summary>
    /// Whether <see cref="Attention"/> and <see cref="AttentionBackward"/> take contiguous q, k, v of
    /// <paramref name="dtype"/>. A backend without a fused attention kernel keeps the default, and
    /// <c>Ops.ScaledDotProductAttention</c> composes the op from batched GEMMs, masked fill and softmax.
    /// </summary>
    bool HasFusedAttention(DType dtype) => false;

    /// <summary>
    /// y = softmax(q·kᵀ/√D [causal: −∞ where s &gt; t])·v per leading index, for q [..., T, D], k [..., S, D],
    /// v [..., S, Dv] and y [..., T, Dv]; only where <see cref="HasFusedAttention"/>.
    /// </summary>
    void Attention(Tensor q, Tensor k, Tensor v, Tensor y, bool causal) =>
        throw new NotSupportedException($"{GetType().Name} has no fused attention; check HasFusedAttention first.");

    /// <summary>
    /// The gradients of <see cref="Attention"/> for the output adjoint dy: dv = Pᵀ·dy, dS = P∘(dP − rowsum(P∘dP))/√D
    /// with dP = dy·vᵀ, dq = dS·k, dk = dSᵀ·q; only where <see cref="HasFusedAttention"/>.
    /// </summary>
    void AttentionBackward(Tensor q, Tensor k, Tensor v, Tensor dy, Tensor dq, Tensor dk, Tensor dv, bool causal) =>
        throw new NotSupportedException($"{GetType().Name} has no fused attention; check HasFusedAttention first.");

    /// <summary>
    /// One optimizer step, in place: for every element i, <paramref name="rule"/> updates state[0..][i] (θ first)
    /// from inputs[0..][i] (the gradient first). All tensors have θ's length and dtype. The generic rule type lets a
    /// backend compile one kernel per rule (no reflection, no boxing).
    /// </summary>
    void ApplyUpdate<TRule>(TRule rule, ReadOnlySpan<Tensor> state, ReadOnlySpan<Tensor> inputs)
        where TRule : struct, SourceAD.Optimizers.IElementwiseUpdate;
}
