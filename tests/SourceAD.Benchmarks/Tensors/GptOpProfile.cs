using SourceAD.Tensors;
using SourceAD.Tensors.Backends.Cpu;
using TinyGpt;

namespace SourceAD.Benchmarks.Tensors;

/// <summary>
/// <c>dotnet SourceAD.Benchmarks.dll gpt-profile [repeats]</c>: where the SourceAD GPT step of
/// <see cref="GptStepBenchmarks"/> spends its time on the CPU backend (one thread). Each op the generated LossGradient
/// calls is timed alone at the step's shapes (median thread CPU time of <c>repeats</c> calls, after one warm-up call)
/// and multiplied by its calls per step; the rows are grouped (attention, matmuls, layer norm, GELU, cross-entropy,
/// embedding, the rest) and set beside the whole step's median, so the sum shows what the table leaves out.
/// </summary>
public static class GptOpProfile
{
    private sealed record Row(string Group, string Name, int PerStep, Action Call);

    public static void Run(int repeats)
    {
        var bench = new GptStepBenchmarks { Threads = 1 };
        bench.Setup();
        using IDisposable threads = CpuBackend.UseThreads(1);
        GptConfig size = GptStepBenchmarks.Size;
        int b = GptStepBenchmarks.Batch, t = size.BlockSize, c = size.Width, h = size.Heads, d = c / h, v = size.VocabSize, l = size.Layers;
        var rng = new SeededRandom(7);
        Tensor R(params int[] shape) => TensorInit.Uniform(shape, -1, 1, rng);
        Tensor x = R(b, t, c), dyC = R(b, t, c), lnW = R(c), lnB = R(c);
        Tensor wQkv = R(3 * c, c), bQkv = R(3 * c), qkv = R(b, t, 3 * c), dQkv = R(b, t, 3 * c);
        Tensor wProj = R(c, c), bProj = R(c);
        Tensor wFc = R(4 * c, c), bFc = R(4 * c), fc = R(b, t, 4 * c), dFc = R(b, t, 4 * c);
        Tensor wFcProj = R(c, 4 * c), bFcProj = R(c);
        Tensor wte = R(v, c), dLogits = R(b * t, v), logits = R(b * t, v);
        Tensor q = R(b, h, t, d), k = R(b, h, t, d), vv = R(b, h, t, d), dyAttn = R(b, h, t, d);
        GptConfig sizes = size;
        Tensor[] stacks = sizes.ParameterShapes().Skip(2).Take(12).Select(shape => R(shape)).ToArray();
        Tensor[] accumulators = stacks.Select(s => R(s.ShapeArray)).ToArray();
        Tensor kT = Ops.Transpose(k, -1, -2), scores = R(b, h, t, t), probabilities = Ops.Softmax(scores);
        Tensor mask = Tensor.Zeros([t, t]);
        mask.CopyFrom<double>(Enumerable.Range(0, t * t).Select(i => i % t > i / t ? 1.0 : 0.0).ToArray());
        int[] tokens = bench.Tokens;
        int[] labels = tokens;

        static void Free(params Tensor?[] tensors)
        {
            foreach (Tensor? tensor in tensors) tensor?.Recycle();
        }
        static void Free3((Tensor A, Tensor B, Tensor? C) r) => Free(r.A, r.B, r.C);

        Row[] rows =
        [
            new("matmul", "Linear qkv 128→384 fwd", l, () => Free(Ops.Linear(x, wQkv, bQkv))),
            new("matmul", "Linear qkv bwd", l, () => Free3(Ops.LinearBackward(x, wQkv, true, dQkv))),
            new("matmul", "Linear attn proj 128→128 fwd", l, () => Free(Ops.Linear(x, wProj, bProj))),
            new("matmul", "Linear attn proj bwd", l, () => Free3(Ops.LinearBackward(x, wProj, true, dyC))),
            new("matmul", "Linear fc 128→512 fwd", l, () => Free(Ops.Linear(x, wFc, bFc))),
            new("matmul", "Linear fc bwd", l, () => Free3(Ops.LinearBackward(x, wFc, true, dFc))),
            new("matmul", "Linear fc proj 512→128 fwd", l, () => Free(Ops.Linear(fc, wFcProj, bFcProj))),
            new("matmul", "Linear fc proj bwd", l, () => Free3(Ops.LinearBackward(fc, wFcProj, true, dyC))),
            new("matmul", "Linear head 128→62 fwd", 1, () => Free(Ops.Linear(x, wte))),
            new("matmul", "Linear head bwd", 1, () => Free3(Ops.LinearBackward(x, wte, false, dLogits.Reshape(b, t, v)))),
            new("attention", "SDPA fwd [16,4,64,32]", l, () => Free(Ops.ScaledDotProductAttention(q, k, vv, true))),
            new("attention", "SDPA bwd", l, () =>
            {
                var (dq, dk, dv) = Ops.ScaledDotProductAttentionBackward(q, k, vv, dyAttn, true);
                Free(dq, dk, dv);
            }),
            new("(inside SDPA)", "Transpose k [16,4,64,32]", 0, () => Free(Ops.Transpose(k, -1, -2))),
            new("(inside SDPA)", "MatMul q·kᵀ [16,4,64,32]·[..,32,64]", 0, () => Free(Ops.MatMul(q, kT))),
            new("(inside SDPA)", "MatMul P·v [16,4,64,64]·[..,64,32]", 0, () => Free(Ops.MatMul(scores, vv))),
            new("(inside SDPA)", "MulScalar [16,4,64,64]", 0, () => Free(Ops.MulScalar(scores, 0.5))),
            new("(inside SDPA)", "MaskedFill causal [16,4,64,64]", 0, () => Free(Ops.MaskedFill(scores, mask, double.NegativeInfinity))),
            new("(inside SDPA)", "Softmax [16,4,64,64]", 0, () => Free(Ops.Softmax(scores))),
            new("(inside SDPA)", "SoftmaxBackward [16,4,64,64]", 0, () => Free(Ops.SoftmaxBackward(probabilities, scores))),
            new("attention", "head split: Narrow+Reshape+Transpose ×3 fwd", l, () =>
            {
                for (int i = 0; i < 3; i++)
                {
                    using Tensor n = Ops.Narrow(qkv, 2, i * c, c);
                    using Tensor r = Ops.Reshape(n, b, t, h, d);
                    Free(Ops.Transpose(r, 1, 2));
                }
            }),
            new("attention", "head split bwd: TransposeBackward+NarrowBackward ×3", l, () =>
            {
                for (int i = 0; i < 3; i++)
                {
                    using Tensor tr = Ops.TransposeBackward(dyAttn, 1, 2);
                    using Tensor r = Ops.Reshape(tr, b, t, c);
                    Free(Ops.NarrowBackward(qkv, r, 2, i * c));
                }
            }),
            new("attention", "head merge: Transpose+Reshape fwd and bwd", l, () =>
            {
                using Tensor tr = Ops.Transpose(dyAttn, 1, 2);
                Free(Ops.Reshape(tr, b, t, c));
                using Tensor back = Ops.TransposeBackward(dyAttn, 1, 2);
            }),
            new("layernorm", "LayerNorm fwd [16,64,128]", 2 * l + 1, () => Free(Ops.LayerNorm(x, lnW, lnB))),
            new("layernorm", "LayerNorm bwd", 2 * l + 1, () => Free3(Ops.LayerNormBackward(x, lnW, dyC))),
            new("gelu", "GELU fwd [16,64,512]", l, () => Free(Ops.Gelu(fc))),
            new("gelu", "GELU bwd", l, () => Free(Ops.GeluBackward(fc, dFc, false))),
            new("cross-entropy", "CrossEntropy fwd [1024,62]", 1, () => Free(Ops.CrossEntropy(logits, labels))),
            new("cross-entropy", "CrossEntropy bwd", 1, () => Free(Ops.CrossEntropyBackward(logits, labels, 1.0))),
            new("embedding", "Embedding fwd (tokens)", 1, () => Free(Ops.Embedding(wte, tokens))),
            new("embedding", "Embedding bwd (scatter-add)", 1, () => Free(Ops.EmbeddingBackward(wte, tokens, dyC.Reshape(b * t, c)))),
            new("residual", "Add [16,64,128] fwd", 2 * l + 1, () => Free(Ops.Add(x, dyC))),
            new("residual", "AddBackward + AddInPlace of the adjoint", 2 * l + 1, () =>
            {
                var (da, db) = Ops.BinaryBackward(SourceAD.Tensors.Backends.BinaryKind.Add, x, dyC, dyC);
                Ops.AddInPlace(da, db);
                Free(da, db);
            }),
            new("weight slices", "12 stacked weights: Narrow+Squeeze, NarrowBackward, AddInPlace", l, () =>
            {
                foreach (Tensor stacked in stacks)
                {
                    using Tensor n = Ops.Narrow(stacked, 0, 1, 1);
                    using Tensor sq = Ops.Squeeze(n, 0);
                    using Tensor back = Ops.NarrowBackward(stacked, n, 0, 1);
                    Ops.AddInPlace(accumulators[Array.IndexOf(stacks, stacked)], back);
                }
            }),
        ];

        var total = new double[repeats];
        for (int i = 0; i < 2; i++) bench.SourceAD();
        for (int i = 0; i < repeats; i++)
        {
            double c0 = StepClock.ThreadCpuMs();
            bench.SourceAD();
            total[i] = StepClock.ThreadCpuMs() - c0;
        }
        double step = StepClock.Median(total);

        Console.WriteLine($"GPT step profile, SourceAD CPU backend, one thread, thread CPU time, median of {repeats} calls per op:");
        Console.WriteLine($"  (calls 0: a part of the SDPA rows, left out of the sums)");
        Console.WriteLine($"  {"op",-52} {"ms/call",9} {"calls",6} {"ms/step",9}");
        var groups = new Dictionary<string, double>();
        double sum = 0;
        foreach (Row row in rows)
        {
            row.Call();
            var times = new double[repeats];
            for (int i = 0; i < repeats; i++)
            {
                double c0 = StepClock.ThreadCpuMs();
                row.Call();
                times[i] = StepClock.ThreadCpuMs() - c0;
            }
            double each = StepClock.Median(times), perStep = each * row.PerStep;
            if (row.PerStep > 0)
            {
                groups[row.Group] = groups.GetValueOrDefault(row.Group) + perStep;
                sum += perStep;
            }
            Console.WriteLine($"  {row.Name,-52} {each,9:F3} {row.PerStep,6} {perStep,9:F2}");
        }
        Console.WriteLine($"  by group (ms/step, share of the whole step's {step:F1} ms):");
        foreach ((string group, double ms) in groups.OrderByDescending(g => g.Value))
        {
            Console.WriteLine($"    {group,-20} {ms,8:F2}  {100 * ms / step,5:F1}%");
        }
        Console.WriteLine($"    {"sum of the rows",-20} {sum,8:F2}  {100 * sum / step,5:F1}%");
        foreach (Tensor tensor in new[] { x, dyC, lnW, lnB, wQkv, bQkv, qkv, dQkv, wProj, bProj, wFc, bFc, fc, dFc, wFcProj, bFcProj, wte, dLogits, logits, q, k, vv, dyAttn, kT, scores, probabilities, mask }.Concat(stacks).Concat(accumulators))
        {
            tensor.Dispose();
        }
        bench.Cleanup();
    }
}
