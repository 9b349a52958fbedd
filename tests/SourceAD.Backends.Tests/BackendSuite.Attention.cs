using SourceAD.Tensors;

namespace SourceAD.Backends.Tests;

// The fused attention op against the same attention written from primitive ops (Transpose, MatMul, MulScalar,
// MaskedFill, Softmax) and chained through their own rules, on the device under test: value, adjoints and tangent.
public abstract partial class BackendSuite
{
    [Theory]
    [InlineData(DType.Float32, true)]
    [InlineData(DType.Float32, false)]
    [InlineData(DType.Float64, true)]
    [InlineData(DType.Float64, false)]
    public void FusedAttentionAgreesWithPrimitiveOps(DType dtype, bool causal)
    {
        const int t = 9, d = 8;
        var rng = new SeededRandom(404);
        Tensor U(params int[] shape) => ToDevice(TensorInit.Uniform(shape, -2, 2, rng, dtype));
        Tensor q = U(2, 3, t, d), k = U(2, 3, t, d), v = U(2, 3, t, 5), dy = U(2, 3, t, 5), tq = U(2, 3, t, d), tk = U(2, 3, t, d), tv = U(2, 3, t, 5);
        using Tensor hostMask = Tensor.Empty([t, t], dtype);
        hostMask.CopyFrom<double>(Enumerable.Range(0, t * t).Select(i => i % t > i / t ? 1.0 : 0.0).ToArray());
        using Tensor mask = ToDevice(hostMask);
        double scale = 1 / Math.Sqrt(d);
        var made = new List<Tensor?> { q, k, v, dy, tq, tk, tv };
        Tensor Keep(Tensor x)
        {
            made.Add(x);
            return x;
        }
        try
        {
            OnDevice(() =>
            {
                Tensor y = Keep(Ops.ScaledDotProductAttention(q, k, v, causal));
                (Tensor dq, Tensor dk, Tensor dv) = Ops.ScaledDotProductAttentionBackward(q, k, v, dy, causal);
                made.AddRange([dq, dk, dv]);
                Tensor ty = Keep(Ops.ScaledDotProductAttentionJvp(q, k, v, tq, tk, tv, causal));

                Tensor kt = Keep(Ops.Transpose(k, -1, -2));
                Tensor s = Keep(Ops.MulScalar(Keep(Ops.MatMul(q, kt)), scale));
                Tensor m = causal ? Keep(Ops.MaskedFill(s, mask, double.NegativeInfinity)) : s;
                Tensor p = Keep(Ops.Softmax(m));
                Tensor y2 = Keep(Ops.MatMul(p, v));

                (Tensor dp, Tensor dv2) = Ops.MatMulBackward(p, v, dy);
                made.AddRange([dp, dv2]);
                Tensor dm = Keep(Ops.SoftmaxBackward(p, dp));
                Tensor ds = causal ? Keep(Ops.MaskedFillBackward(dm, mask)) : dm;
                (Tensor dq2, Tensor dkt) = Ops.MatMulBackward(q, kt, Keep(Ops.MulScalarBackward(ds, scale)));
                made.AddRange([dq2, dkt]);
                Tensor dk2 = Keep(Ops.TransposeBackward(dkt, -1, -2));

                Tensor traw = Keep(Ops.MatMulJvp(q, kt, tq, Keep(Ops.TransposeJvp(tk, -1, -2))));
                Tensor ts = Keep(Ops.MulScalarJvp(traw, scale));
                Tensor tm = causal ? Keep(Ops.MaskedFillJvp(ts, mask)) : ts;
                Tensor ty2 = Keep(Ops.MatMulJvp(p, v, Keep(Ops.SoftmaxJvp(p, tm)), tv));

                string what = $"attention {dtype}{(causal ? " causal" : "")}";
                // Within the dtype's tolerance, not bitwise: the rules multiply by transposes in another order.
                Agreement.Close(y2, y, $"{what}: value", bitwise: false);
                Agreement.Close(dq2, dq, $"{what}: adjoint of q", bitwise: false);
                Agreement.Close(dk2, dk, $"{what}: adjoint of k", bitwise: false);
                Agreement.Close(dv2, dv, $"{what}: adjoint of v", bitwise: false);
                Agreement.Close(ty2, ty, $"{what}: tangent", bitwise: false);
                return 0;
            });
        }
        finally
        {
            DisposeAll(made);
        }
    }
}
