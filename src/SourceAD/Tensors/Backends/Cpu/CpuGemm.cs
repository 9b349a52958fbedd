using System.Runtime.Intrinsics;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace SourceAD.Tensors.Backends.Cpu;

/// <summary>
/// A packed, blocked GEMM: C = op(A)·op(B) + beta·C on row-major arrays. C is cut into fixed MC×NC tiles that threads
/// take whole; inside a tile, K is walked in fixed KC blocks, op(A) and op(B) blocks are packed into MR-row and
/// NR-column strips (zero padded), and a register-blocked MR×NR micro-kernel accumulates each strip pair.
/// </summary>
/// <remarks>
/// Deterministic: every C element is the same sequence of operations (k ascending inside a KC block, blocks added in
/// order; for few tiles and a long K, fixed K chunks summed in order) whatever the thread count, because tile, block
/// and chunk sizes are constants and the choice between the two schemes depends on the shape only. Pack buffers are
/// per-thread scratch and work items are structs, so a product allocates nothing after warm-up.
/// </remarks>
internal static class CpuGemm
{
    private const int MR = 6;
    private const int MC = 144;
    private const int NC = 128;
    private const int KC = 256;

    // A C with fewer tiles than this and a long K (a convolution's weight gradient: K = batch·pixels) is computed as
    // fixed K chunks in parallel, then summed chunk by chunk in order. The choice depends on the shape only.
    private const int SplitBelowTiles = 4;
    private const int KChunk = 4096;

    public static void Gemm<T>(
        int m, int n, int k,
        T[] a, int aOffset, int lda, bool transposeA,
        T[] b, int bOffset, int ldb, bool transposeB,
        T[] c, int cOffset, int ldc, T beta, int threads)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (m == 0 || n == 0)
        {
            return;
        }
        if (k == 0)
        {
            ScaleC(m, n, c, cOffset, ldc, beta);
            return;
        }
        int tilesM = (m + MC - 1) / MC;
        int tilesN = (n + NC - 1) / NC;
        int tiles = tilesM * tilesN;
        if (tiles < SplitBelowTiles && k >= 2 * KChunk)
        {
            SplitK(m, n, k, a, aOffset, lda, transposeA, b, bOffset, ldb, transposeB, c, cOffset, ldc, beta, threads);
            return;
        }
        RunTiles(m, n, k, a, aOffset, lda, transposeA, b, new StridedRows(bOffset, ldb), transposeB, c, cOffset, ldc, beta, threads);
    }

    /// <summary>
    /// <see cref="Gemm{T}"/> with the stored rows of b (rows of op(B) when not transposed, its columns otherwise) at
    /// <paramref name="bRows"/>.Offset(r) (e.g. im2col rows read in place), always tiled (no K chunks).
    /// </summary>
    public static void Gemm<T, TRows>(
        int m, int n, int k,
        T[] a, int aOffset, int lda, bool transposeA,
        T[] b, in TRows bRows, bool transposeB,
        T[] c, int cOffset, int ldc, T beta, int threads)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TRows : struct, IRowOffsets
    {
        if (m == 0 || n == 0)
        {
            return;
        }
        if (k == 0)
        {
            ScaleC(m, n, c, cOffset, ldc, beta);
            return;
        }
        RunTiles(m, n, k, a, aOffset, lda, transposeA, b, bRows, transposeB, c, cOffset, ldc, beta, threads);
    }

    private static void RunTiles<T, TRows>(
        int m, int n, int k,
        T[] a, int aOffset, int lda, bool transposeA,
        T[] b, TRows bRows, bool transposeB,
        T[] c, int cOffset, int ldc, T beta, int threads)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TRows : struct, IRowOffsets
    {
        int tilesN = (n + NC - 1) / NC;
        int tiles = (m + MC - 1) / MC * tilesN;
        var job = new Job<T, TRows>(m, n, k, a, aOffset, lda, transposeA, b, bRows, transposeB, c, cOffset, ldc, beta, tilesN);
        if (threads <= 1 || tiles == 1)
        {
            // Serially, the tiles of one row of tiles share op(A)'s packed block when K is one block: pack it once.
            for (int t = 0; t < tiles; t++)
            {
                job.InvokeTile(t, repackA: k > KC || t % tilesN == 0);
            }
            return;
        }
        CpuParallel.For(tiles, threads, job);
    }

    /// <summary>
    /// C[i, j] = (accumulate ? C[i, j] : 0) + Σ_k A[i, k]·B[j, k] for rows of A at aOffset + i·lda and rows of B at
    /// <paramref name="bRow"/>(j), both contiguous along k: register-blocked dot products (3 rows of A × 4 rows of B,
    /// Vector&lt;T&gt; lanes along k, lanes summed in a fixed order, then the scalar tail), with no packing. For a long K
    /// and a small C, such as a convolution's weight gradient.
    /// </summary>
    public static void DotRows<T, TRows>(int m, int n, int k, T[] a, int aOffset, int lda, T[] b, in TRows bRow,
        T[] c, int cOffset, int ldc, bool accumulate)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TRows : struct, IRowOffsets
    {
        int v = Vector<T>.Count;
        int kv = k - k % v;
        ref T pa = ref MemoryMarshal.GetArrayDataReference(a);
        ref T pb = ref MemoryMarshal.GetArrayDataReference(b);
        int i = 0;
        for (; i + 3 <= m; i += 3)
        {
            nuint a0 = (nuint)(aOffset + i * lda), a1 = a0 + (nuint)lda, a2 = a1 + (nuint)lda;
            int j = 0;
            for (; j + 4 <= n; j += 4)
            {
                nuint b0 = (nuint)bRow.Offset(j), b1 = (nuint)bRow.Offset(j + 1), b2 = (nuint)bRow.Offset(j + 2), b3 = (nuint)bRow.Offset(j + 3);
                Vector<T> s00 = default, s01 = default, s02 = default, s03 = default;
                Vector<T> s10 = default, s11 = default, s12 = default, s13 = default;
                Vector<T> s20 = default, s21 = default, s22 = default, s23 = default;
                for (nuint t = 0; t < (nuint)kv; t += (nuint)v)
                {
                    Vector<T> x0 = Vector.LoadUnsafe(ref pa, a0 + t), x1 = Vector.LoadUnsafe(ref pa, a1 + t), x2 = Vector.LoadUnsafe(ref pa, a2 + t);
                    Vector<T> y = Vector.LoadUnsafe(ref pb, b0 + t);
                    s00 = Fma(x0, y, s00); s10 = Fma(x1, y, s10); s20 = Fma(x2, y, s20);
                    y = Vector.LoadUnsafe(ref pb, b1 + t);
                    s01 = Fma(x0, y, s01); s11 = Fma(x1, y, s11); s21 = Fma(x2, y, s21);
                    y = Vector.LoadUnsafe(ref pb, b2 + t);
                    s02 = Fma(x0, y, s02); s12 = Fma(x1, y, s12); s22 = Fma(x2, y, s22);
                    y = Vector.LoadUnsafe(ref pb, b3 + t);
                    s03 = Fma(x0, y, s03); s13 = Fma(x1, y, s13); s23 = Fma(x2, y, s23);
                }
                int row = cOffset + i * ldc + j;
                Finish(c, row, s00, a, (int)a0, b, (int)b0, kv, k, accumulate);
                Finish(c, row + 1, s01, a, (int)a0, b, (int)b1, kv, k, accumulate);
                Finish(c, row + 2, s02, a, (int)a0, b, (int)b2, kv, k, accumulate);
                Finish(c, row + 3, s03, a, (int)a0, b, (int)b3, kv, k, accumulate);
                row += ldc;
                Finish(c, row, s10, a, (int)a1, b, (int)b0, kv, k, accumulate);
                Finish(c, row + 1, s11, a, (int)a1, b, (int)b1, kv, k, accumulate);
                Finish(c, row + 2, s12, a, (int)a1, b, (int)b2, kv, k, accumulate);
                Finish(c, row + 3, s13, a, (int)a1, b, (int)b3, kv, k, accumulate);
                row += ldc;
                Finish(c, row, s20, a, (int)a2, b, (int)b0, kv, k, accumulate);
                Finish(c, row + 1, s21, a, (int)a2, b, (int)b1, kv, k, accumulate);
                Finish(c, row + 2, s22, a, (int)a2, b, (int)b2, kv, k, accumulate);
                Finish(c, row + 3, s23, a, (int)a2, b, (int)b3, kv, k, accumulate);
            }
            for (; j < n; j++)
            {
                for (int r = 0; r < 3; r++)
                {
                    Dot1(m, k, a, aOffset + (i + r) * lda, b, bRow.Offset(j), c, cOffset + (i + r) * ldc + j, kv, accumulate);
                }
            }
        }
        for (; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                Dot1(m, k, a, aOffset + i * lda, b, bRow.Offset(j), c, cOffset + i * ldc + j, kv, accumulate);
            }
        }
    }

    /// <summary>The offsets of B's rows for <see cref="DotRows"/>.</summary>
    public interface IRowOffsets
    {
        int Offset(int row);
    }

    private static void Dot1<T>(int m, int k, T[] a, int aRow, T[] b, int bRow, T[] c, int cIndex, int kv, bool accumulate)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ref T pa = ref MemoryMarshal.GetArrayDataReference(a);
        ref T pb = ref MemoryMarshal.GetArrayDataReference(b);
        Vector<T> s = default;
        for (nuint t = 0; t < (nuint)kv; t += (nuint)Vector<T>.Count)
        {
            s = Fma(Vector.LoadUnsafe(ref pa, (nuint)aRow + t), Vector.LoadUnsafe(ref pb, (nuint)bRow + t), s);
        }
        Finish(c, cIndex, s, a, aRow, b, bRow, kv, k, accumulate);
    }

    /// <summary>C[index] = (accumulate ? C[index] : 0) + (lanes of s summed in order) + the tail k in [kv, k).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Finish<T>(T[] c, int index, Vector<T> s, T[] a, int aRow, T[] b, int bRow, int kv, int k, bool accumulate)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T sum = Vector.Sum(s);
        for (int t = kv; t < k; t++)
        {
            sum += a[aRow + t] * b[bRow + t];
        }
        c[index] = accumulate ? c[index] + sum : sum;
    }

    /// <summary>a·b + c, fused where the CPU has FMA (the same choice as the GEMM's micro-kernel).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector<T> Fma<T>(Vector<T> a, Vector<T> b, Vector<T> c) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (System.Runtime.Intrinsics.X86.Fma.IsSupported || System.Runtime.Intrinsics.Arm.AdvSimd.IsSupported)
        {
            if (typeof(T) == typeof(float))
            {
                return Vector.FusedMultiplyAdd(a.As<T, float>(), b.As<T, float>(), c.As<T, float>()).As<float, T>();
            }
            if (typeof(T) == typeof(double))
            {
                return Vector.FusedMultiplyAdd(a.As<T, double>(), b.As<T, double>(), c.As<T, double>()).As<double, T>();
            }
        }
        return a * b + c;
    }

    /// <summary>a·b + c in one float lane, fused exactly where <see cref="Fma{T}"/> is (a vector kernel's scalar tail).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static float Fma(float a, float b, float c) =>
        System.Runtime.Intrinsics.X86.Fma.IsSupported || System.Runtime.Intrinsics.Arm.AdvSimd.IsSupported
            ? MathF.FusedMultiplyAdd(a, b, c)
            : a * b + c;

    private static void SplitK<T>(
        int m, int n, int k,
        T[] a, int aOffset, int lda, bool transposeA,
        T[] b, int bOffset, int ldb, bool transposeB,
        T[] c, int cOffset, int ldc, T beta, int threads)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int chunks = (k + KChunk - 1) / KChunk;
        int size = m * n;
        T[] partial = CpuArrayPool<T>.Rent(chunks * size);
        try
        {
            var chunkJob = new ChunkJob<T>(m, n, k, a, aOffset, lda, transposeA, b, bOffset, ldb, transposeB, partial, size);
            CpuParallel.For(chunks, threads, chunkJob);
            CpuParallel.For(m, threads, new SumChunks<T>(n, chunks, size, partial, c, cOffset, ldc, beta));
        }
        finally
        {
            CpuArrayPool<T>.Return(partial);
        }
    }

    private readonly struct ChunkJob<T>(
        int m, int n, int k,
        T[] a, int aOffset, int lda, bool transposeA,
        T[] b, int bOffset, int ldb, bool transposeB,
        T[] partial, int size) : IParallelBody
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public void Invoke(int chunk)
        {
            int k0 = chunk * KChunk;
            Gemm(m, n, Math.Min(KChunk, k - k0),
                a, aOffset + (transposeA ? k0 * lda : k0), lda, transposeA,
                b, bOffset + (transposeB ? k0 : k0 * ldb), ldb, transposeB,
                partial, chunk * size, n, T.Zero, threads: 1);
        }
    }

    private readonly struct SumChunks<T>(int n, int chunks, int size, T[] partial, T[] c, int cOffset, int ldc, T beta) : IParallelBody
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public void Invoke(int i)
        {
            Span<T> row = c.AsSpan(cOffset + i * ldc, n);
            for (int j = 0; j < n; j++)
            {
                T sum = partial[i * n + j];
                for (int chunk = 1; chunk < chunks; chunk++)
                {
                    sum += partial[chunk * size + i * n + j];
                }
                row[j] = beta == T.Zero ? sum : beta * row[j] + sum;
            }
        }
    }

    private static void ScaleC<T>(int m, int n, T[] c, int cOffset, int ldc, T beta) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < m; i++)
        {
            Span<T> row = c.AsSpan(cOffset + i * ldc, n);
            if (beta == T.Zero)
            {
                row.Clear();
            }
            else
            {
                for (int j = 0; j < n; j++)
                {
                    row[j] *= beta;
                }
            }
        }
    }

    /// <summary>Rows of a row-major matrix: row r at offset + r·stride.</summary>
    private readonly struct StridedRows(int offset, int stride) : IRowOffsets
    {
        public int Offset(int row) => offset + row * stride;
    }

    private readonly struct Job<T, TRows>(
        int m, int n, int k,
        T[] a, int aOffset, int lda, bool transposeA,
        T[] b, TRows bRows, bool transposeB,
        T[] c, int cOffset, int ldc, T beta, int tilesN) : IParallelBody
        where T : unmanaged, IFloatingPointIeee754<T>
        where TRows : struct, IRowOffsets
    {
        private static int NR => 2 * Vector<T>.Count;

        public void Invoke(int tile) => InvokeTile(tile, repackA: true);

        /// <summary>One C tile; <paramref name="repackA"/> false reuses this thread's packed A (the same rows, one K block).</summary>
        public void InvokeTile(int tile, bool repackA)
        {
            int tileM = tile / tilesN, tileN = tile % tilesN;
            int m0 = tileM * MC, mb = Math.Min(MC, m - m0);
            int n0 = tileN * NC, nb = Math.Min(NC, n - n0);
            int stripsM = (mb + MR - 1) / MR;
            int stripsN = (nb + NR - 1) / NR;
            T[] packA = CpuScratch<T>.A(stripsM * MR * KC);
            T[] packB = CpuScratch<T>.B(stripsN * NR * KC);
            for (int k0 = 0; k0 < k; k0 += KC)
            {
                int kb = Math.Min(KC, k - k0);
                if (repackA)
                {
                    PackA(packA, m0, mb, k0, kb);
                }
                PackB(packB, n0, nb, k0, kb);
                bool first = k0 == 0;
                for (int si = 0; si < stripsM; si++)
                {
                    int rows = Math.Min(MR, mb - si * MR);
                    for (int sj = 0; sj < stripsN; sj++)
                    {
                        int cols = Math.Min(NR, nb - sj * NR);
                        if (UsePair512 && sj + 1 < stripsN && nb - (sj + 1) * NR >= NR)
                        {
                            MicroKernelPair512((float[])(object)packA, si * MR * kb, (float[])(object)packB, sj * NR * kb, (sj + 1) * NR * kb, kb,
                                cOffset + (m0 + si * MR) * ldc + n0 + sj * NR, rows, first);
                            sj++;
                            continue;
                        }
                        MicroKernel(packA, si * MR * kb, packB, sj * NR * kb, kb,
                            cOffset + (m0 + si * MR) * ldc + n0 + sj * NR, rows, cols, first);
                    }
                }
            }
        }

        private void PackA(T[] pack, int m0, int mb, int k0, int kb)
        {
            // Unchecked moves: every index below is inside a (the caller's shapes) or the pack (sized by the tile).
            ref T src = ref MemoryMarshal.GetArrayDataReference(a);
            ref T dst = ref MemoryMarshal.GetArrayDataReference(pack);
            int strips = (mb + MR - 1) / MR;
            for (int s = 0; s < strips; s++)
            {
                int baseIndex = s * MR * kb;
                int rows = Math.Min(MR, mb - s * MR);
                int row0 = m0 + s * MR;
                if (transposeA)
                {
                    // op(A) row i, column kk = a[(k0 + kk)·lda + i]: MR contiguous elements per kk.
                    for (int kk = 0; kk < kb; kk++)
                    {
                        ref T from = ref Unsafe.Add(ref src, aOffset + (k0 + kk) * lda + row0);
                        ref T to = ref Unsafe.Add(ref dst, baseIndex + kk * MR);
                        if (rows == MR)
                        {
                            to = from;
                            Unsafe.Add(ref to, 1) = Unsafe.Add(ref from, 1);
                            Unsafe.Add(ref to, 2) = Unsafe.Add(ref from, 2);
                            Unsafe.Add(ref to, 3) = Unsafe.Add(ref from, 3);
                            Unsafe.Add(ref to, 4) = Unsafe.Add(ref from, 4);
                            Unsafe.Add(ref to, 5) = Unsafe.Add(ref from, 5);
                            continue;
                        }
                        for (int r = 0; r < MR; r++)
                        {
                            Unsafe.Add(ref to, r) = r < rows ? Unsafe.Add(ref from, r) : T.Zero;
                        }
                    }
                    continue;
                }
                for (int r = 0; r < MR; r++)
                {
                    ref T to = ref Unsafe.Add(ref dst, baseIndex + r);
                    if (r >= rows)
                    {
                        for (int kk = 0; kk < kb; kk++)
                        {
                            Unsafe.Add(ref to, kk * MR) = T.Zero;
                        }
                        continue;
                    }
                    ref T from = ref Unsafe.Add(ref src, aOffset + (row0 + r) * lda + k0);
                    for (int kk = 0; kk < kb; kk++)
                    {
                        Unsafe.Add(ref to, kk * MR) = Unsafe.Add(ref from, kk);
                    }
                }
            }
        }

        private void PackB(T[] pack, int n0, int nb, int k0, int kb)
        {
            int nr = NR;
            int strips = (nb + nr - 1) / nr;
            // The stored rows' offsets, looked up once per K block rather than once per strip (an im2col row offset
            // costs two divisions, which dominated a GEMM with few rows of A).
            Span<int> rowOffsets = stackalloc int[transposeB ? 0 : kb];
            for (int kk = 0; kk < rowOffsets.Length; kk++)
            {
                rowOffsets[kk] = bRows.Offset(k0 + kk);
            }
            for (int s = 0; s < strips; s++)
            {
                int baseIndex = s * nr * kb;
                int j0 = n0 + s * nr;
                int width = Math.Min(nr, n0 + nb - j0);
                if (transposeB)
                {
                    int done = 0;
                    if (typeof(T) == typeof(float) && width == nr && nr == 16 && System.Runtime.Intrinsics.X86.Avx.IsSupported)
                    {
                        done = PackTransposed16((float[])(object)b, (float[])(object)pack, baseIndex, j0, k0, kb);
                        if (done == kb)
                        {
                            continue;
                        }
                    }
                    // op(B) column j = row j of b: read it contiguously, write it down the strip.
                    for (int cc = 0; cc < width; cc++)
                    {
                        int src = bRows.Offset(j0 + cc) + k0;
                        int dst = baseIndex + cc;
                        for (int kk = done; kk < kb; kk++)
                        {
                            pack[dst + kk * nr] = b[src + kk];
                        }
                    }
                    if (width < nr)
                    {
                        for (int kk = 0; kk < kb; kk++)
                        {
                            pack.AsSpan(baseIndex + kk * nr + width, nr - width).Clear();
                        }
                    }
                    continue;
                }
                if (width == nr)
                {
                    // Whole strips: two vector moves per k (no per-row copy calls).
                    ref T src = ref MemoryMarshal.GetArrayDataReference(b);
                    ref T dstRef = ref MemoryMarshal.GetArrayDataReference(pack);
                    int v = Vector<T>.Count;
                    for (int kk = 0; kk < kb; kk++)
                    {
                        nuint from = (nuint)(rowOffsets[kk] + j0), to = (nuint)(baseIndex + kk * nr);
                        Vector.LoadUnsafe(ref src, from).StoreUnsafe(ref dstRef, to);
                        Vector.LoadUnsafe(ref src, from + (nuint)v).StoreUnsafe(ref dstRef, to + (nuint)v);
                    }
                    continue;
                }
                for (int kk = 0; kk < kb; kk++)
                {
                    Span<T> dst = pack.AsSpan(baseIndex + kk * nr, nr);
                    b.AsSpan(rowOffsets[kk] + j0, width).CopyTo(dst);
                    dst[width..].Clear();
                }
            }
        }

        /// <summary>
        /// Packs 16 rows of a float b (columns j0.. of op(B)) for k in [k0, k0 + 8·⌊kb/8⌋) with 8×8 AVX transposes;
        /// returns how many k it packed.
        /// </summary>
        private int PackTransposed16(float[] b, float[] pack, int baseIndex, int j0, int k0, int kb)
        {
            ref float src = ref MemoryMarshal.GetArrayDataReference(b);
            ref float dst = ref MemoryMarshal.GetArrayDataReference(pack);
            int kk = 0;
            for (; kk + 8 <= kb; kk += 8)
            {
                for (int half = 0; half < 2; half++)
                {
                    int row = j0 + half * 8;
                    var r0 = System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref src, (nuint)(bRows.Offset(row) + k0 + kk));
                    var r1 = System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref src, (nuint)(bRows.Offset(row + 1) + k0 + kk));
                    var r2 = System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref src, (nuint)(bRows.Offset(row + 2) + k0 + kk));
                    var r3 = System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref src, (nuint)(bRows.Offset(row + 3) + k0 + kk));
                    var r4 = System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref src, (nuint)(bRows.Offset(row + 4) + k0 + kk));
                    var r5 = System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref src, (nuint)(bRows.Offset(row + 5) + k0 + kk));
                    var r6 = System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref src, (nuint)(bRows.Offset(row + 6) + k0 + kk));
                    var r7 = System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref src, (nuint)(bRows.Offset(row + 7) + k0 + kk));
                    var t0 = System.Runtime.Intrinsics.X86.Avx.UnpackLow(r0, r1);
                    var t1 = System.Runtime.Intrinsics.X86.Avx.UnpackHigh(r0, r1);
                    var t2 = System.Runtime.Intrinsics.X86.Avx.UnpackLow(r2, r3);
                    var t3 = System.Runtime.Intrinsics.X86.Avx.UnpackHigh(r2, r3);
                    var t4 = System.Runtime.Intrinsics.X86.Avx.UnpackLow(r4, r5);
                    var t5 = System.Runtime.Intrinsics.X86.Avx.UnpackHigh(r4, r5);
                    var t6 = System.Runtime.Intrinsics.X86.Avx.UnpackLow(r6, r7);
                    var t7 = System.Runtime.Intrinsics.X86.Avx.UnpackHigh(r6, r7);
                    var u0 = System.Runtime.Intrinsics.X86.Avx.Shuffle(t0, t2, 0x44);
                    var u1 = System.Runtime.Intrinsics.X86.Avx.Shuffle(t0, t2, 0xEE);
                    var u2 = System.Runtime.Intrinsics.X86.Avx.Shuffle(t1, t3, 0x44);
                    var u3 = System.Runtime.Intrinsics.X86.Avx.Shuffle(t1, t3, 0xEE);
                    var u4 = System.Runtime.Intrinsics.X86.Avx.Shuffle(t4, t6, 0x44);
                    var u5 = System.Runtime.Intrinsics.X86.Avx.Shuffle(t4, t6, 0xEE);
                    var u6 = System.Runtime.Intrinsics.X86.Avx.Shuffle(t5, t7, 0x44);
                    var u7 = System.Runtime.Intrinsics.X86.Avx.Shuffle(t5, t7, 0xEE);
                    nuint at = (nuint)(baseIndex + kk * 16 + half * 8);
                    System.Runtime.Intrinsics.X86.Avx.Permute2x128(u0, u4, 0x20).StoreUnsafe(ref dst, at);
                    System.Runtime.Intrinsics.X86.Avx.Permute2x128(u1, u5, 0x20).StoreUnsafe(ref dst, at + 16);
                    System.Runtime.Intrinsics.X86.Avx.Permute2x128(u2, u6, 0x20).StoreUnsafe(ref dst, at + 32);
                    System.Runtime.Intrinsics.X86.Avx.Permute2x128(u3, u7, 0x20).StoreUnsafe(ref dst, at + 48);
                    System.Runtime.Intrinsics.X86.Avx.Permute2x128(u0, u4, 0x31).StoreUnsafe(ref dst, at + 64);
                    System.Runtime.Intrinsics.X86.Avx.Permute2x128(u1, u5, 0x31).StoreUnsafe(ref dst, at + 80);
                    System.Runtime.Intrinsics.X86.Avx.Permute2x128(u2, u6, 0x31).StoreUnsafe(ref dst, at + 96);
                    System.Runtime.Intrinsics.X86.Avx.Permute2x128(u3, u7, 0x31).StoreUnsafe(ref dst, at + 112);
                }
            }
            return kk;
        }

        /// <summary>
        /// Float strips of 16 columns (256-bit Vector&lt;T&gt;) on a CPU with 512-bit vectors and FMA: two full strips
        /// at a time go through <see cref="MicroKernelPair512"/>. A per-machine choice with the same bits either way.
        /// </summary>
        private static bool UsePair512 =>
            typeof(T) == typeof(float) && NR == 16 && Vector512.IsHardwareAccelerated && System.Runtime.Intrinsics.X86.Fma.IsSupported;

        /// <summary>
        /// Two neighbouring full-width float strips of B (32 columns) against one A strip with AVX-512: 12 Vector512
        /// accumulators, half the broadcasts of A per multiply-add of two 256-bit kernel calls. Each C element is the
        /// same FMA chain as in <see cref="MicroKernel"/> (a 512-bit lane does what a 256-bit lane did), so the result
        /// has the same bits; only the instruction count changes.
        /// </summary>
        private void MicroKernelPair512(float[] packA, int aIndex, float[] packB, int bIndex0, int bIndex1, int kb, int cIndex, int rows, bool first)
        {
            Vector512<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
            Vector512<float> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
            ref float pa = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(packA), aIndex);
            ref float pb0 = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(packB), bIndex0);
            ref float pb1 = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(packB), bIndex1);
            for (int kk = 0; kk < kb; kk++)
            {
                Vector512<float> b0 = Vector512.LoadUnsafe(ref pb0);
                Vector512<float> b1 = Vector512.LoadUnsafe(ref pb1);
                var a0 = Vector512.Create(pa);
                c00 = Vector512.FusedMultiplyAdd(b0, a0, c00); c01 = Vector512.FusedMultiplyAdd(b1, a0, c01);
                var a1 = Vector512.Create(Unsafe.Add(ref pa, 1));
                c10 = Vector512.FusedMultiplyAdd(b0, a1, c10); c11 = Vector512.FusedMultiplyAdd(b1, a1, c11);
                var a2 = Vector512.Create(Unsafe.Add(ref pa, 2));
                c20 = Vector512.FusedMultiplyAdd(b0, a2, c20); c21 = Vector512.FusedMultiplyAdd(b1, a2, c21);
                var a3 = Vector512.Create(Unsafe.Add(ref pa, 3));
                c30 = Vector512.FusedMultiplyAdd(b0, a3, c30); c31 = Vector512.FusedMultiplyAdd(b1, a3, c31);
                var a4 = Vector512.Create(Unsafe.Add(ref pa, 4));
                c40 = Vector512.FusedMultiplyAdd(b0, a4, c40); c41 = Vector512.FusedMultiplyAdd(b1, a4, c41);
                var a5 = Vector512.Create(Unsafe.Add(ref pa, 5));
                c50 = Vector512.FusedMultiplyAdd(b0, a5, c50); c51 = Vector512.FusedMultiplyAdd(b1, a5, c51);
                pa = ref Unsafe.Add(ref pa, MR);
                pb0 = ref Unsafe.Add(ref pb0, 16);
                pb1 = ref Unsafe.Add(ref pb1, 16);
            }
            // Whole vectors for the rows that exist (a short last strip), as the 256-bit kernel.
            float[] cf = (float[])(object)c;
            float betaF = float.CreateTruncating(beta);
            Store512(cf, cIndex, c00, c01, first, betaF);
            if (rows > 1) Store512(cf, cIndex + ldc, c10, c11, first, betaF);
            if (rows > 2) Store512(cf, cIndex + 2 * ldc, c20, c21, first, betaF);
            if (rows > 3) Store512(cf, cIndex + 3 * ldc, c30, c31, first, betaF);
            if (rows > 4) Store512(cf, cIndex + 4 * ldc, c40, c41, first, betaF);
            if (rows > 5) Store512(cf, cIndex + 5 * ldc, c50, c51, first, betaF);
        }

        /// <summary><see cref="Store"/> for 32 float columns: the same per-element operations.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void Store512(float[] cf, int index, Vector512<float> acc0, Vector512<float> acc1, bool first, float betaF)
        {
            ref float dst = ref MemoryMarshal.GetArrayDataReference(cf);
            nuint i0 = (nuint)index, i1 = (nuint)(index + 16);
            if (!first)
            {
                acc0 = Vector512.LoadUnsafe(ref dst, i0) + acc0;
                acc1 = Vector512.LoadUnsafe(ref dst, i1) + acc1;
            }
            else if (betaF != 0)
            {
                acc0 = Vector512.LoadUnsafe(ref dst, i0) * betaF + acc0;
                acc1 = Vector512.LoadUnsafe(ref dst, i1) * betaF + acc1;
            }
            acc0.StoreUnsafe(ref dst, i0);
            acc1.StoreUnsafe(ref dst, i1);
        }

        private void MicroKernel(T[] packA, int aIndex, T[] packB, int bIndex, int kb, int cIndex, int rows, int cols, bool first)
        {
            Vector<T> c00 = Vector<T>.Zero, c01 = Vector<T>.Zero, c10 = Vector<T>.Zero, c11 = Vector<T>.Zero;
            Vector<T> c20 = Vector<T>.Zero, c21 = Vector<T>.Zero, c30 = Vector<T>.Zero, c31 = Vector<T>.Zero;
            Vector<T> c40 = Vector<T>.Zero, c41 = Vector<T>.Zero, c50 = Vector<T>.Zero, c51 = Vector<T>.Zero;
            int v = Vector<T>.Count;
            ref T pa = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(packA), aIndex);
            ref T pb = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(packB), bIndex);
            for (int kk = 0; kk < kb; kk++)
            {
                Vector<T> b0 = Vector.LoadUnsafe(ref pb);
                Vector<T> b1 = Vector.LoadUnsafe(ref pb, (nuint)v);
                var a0 = new Vector<T>(pa);
                c00 = MultiplyAdd(b0, a0, c00); c01 = MultiplyAdd(b1, a0, c01);
                var a1 = new Vector<T>(Unsafe.Add(ref pa, 1));
                c10 = MultiplyAdd(b0, a1, c10); c11 = MultiplyAdd(b1, a1, c11);
                var a2 = new Vector<T>(Unsafe.Add(ref pa, 2));
                c20 = MultiplyAdd(b0, a2, c20); c21 = MultiplyAdd(b1, a2, c21);
                var a3 = new Vector<T>(Unsafe.Add(ref pa, 3));
                c30 = MultiplyAdd(b0, a3, c30); c31 = MultiplyAdd(b1, a3, c31);
                var a4 = new Vector<T>(Unsafe.Add(ref pa, 4));
                c40 = MultiplyAdd(b0, a4, c40); c41 = MultiplyAdd(b1, a4, c41);
                var a5 = new Vector<T>(Unsafe.Add(ref pa, 5));
                c50 = MultiplyAdd(b0, a5, c50); c51 = MultiplyAdd(b1, a5, c51);
                pa = ref Unsafe.Add(ref pa, MR);
                pb = ref Unsafe.Add(ref pb, 2 * v);
            }
            if (rows == MR && cols == 2 * v)
            {
                Store(cIndex, c00, c01, first);
                Store(cIndex + ldc, c10, c11, first);
                Store(cIndex + 2 * ldc, c20, c21, first);
                Store(cIndex + 3 * ldc, c30, c31, first);
                Store(cIndex + 4 * ldc, c40, c41, first);
                Store(cIndex + 5 * ldc, c50, c51, first);
                return;
            }
            if (cols == 2 * v)
            {
                // A short strip (the last MR rows of an M that is no multiple of MR, every convolution's O): whole
                // vectors for the rows that exist, as fast as a full strip.
                Store(cIndex, c00, c01, first);
                if (rows > 1)
                {
                    Store(cIndex + ldc, c10, c11, first);
                }
                if (rows > 2)
                {
                    Store(cIndex + 2 * ldc, c20, c21, first);
                }
                if (rows > 3)
                {
                    Store(cIndex + 3 * ldc, c30, c31, first);
                }
                if (rows > 4)
                {
                    Store(cIndex + 4 * ldc, c40, c41, first);
                }
                return;
            }
            Span<T> tile = stackalloc T[MR * 2 * v];
            c00.CopyTo(tile); c01.CopyTo(tile[v..]);
            c10.CopyTo(tile[(2 * v)..]); c11.CopyTo(tile[(3 * v)..]);
            c20.CopyTo(tile[(4 * v)..]); c21.CopyTo(tile[(5 * v)..]);
            c30.CopyTo(tile[(6 * v)..]); c31.CopyTo(tile[(7 * v)..]);
            c40.CopyTo(tile[(8 * v)..]); c41.CopyTo(tile[(9 * v)..]);
            c50.CopyTo(tile[(10 * v)..]); c51.CopyTo(tile[(11 * v)..]);
            for (int r = 0; r < rows; r++)
            {
                Span<T> dst = c.AsSpan(cIndex + r * ldc, cols);
                ReadOnlySpan<T> acc = tile.Slice(r * 2 * v, cols);
                for (int j = 0; j < cols; j++)
                {
                    dst[j] = Combine(dst[j], acc[j], first);
                }
            }
        }

        /// <summary>a·b + c, fused (one rounding) where the CPU has FMA; the choice is per machine, never per thread.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector<T> MultiplyAdd(Vector<T> a, Vector<T> b, Vector<T> c)
        {
            if (HasFma)
            {
                if (typeof(T) == typeof(float))
                {
                    return Vector.FusedMultiplyAdd(a.As<T, float>(), b.As<T, float>(), c.As<T, float>()).As<float, T>();
                }
                if (typeof(T) == typeof(double))
                {
                    return Vector.FusedMultiplyAdd(a.As<T, double>(), b.As<T, double>(), c.As<T, double>()).As<double, T>();
                }
            }
            return a * b + c;
        }

        private static bool HasFma => System.Runtime.Intrinsics.X86.Fma.IsSupported || System.Runtime.Intrinsics.Arm.AdvSimd.IsSupported;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private T Combine(T old, T acc, bool first) =>
            !first ? old + acc : beta == T.Zero ? acc : beta * old + acc;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private void Store(int index, Vector<T> acc0, Vector<T> acc1, bool first)
        {
            ref T dst = ref MemoryMarshal.GetArrayDataReference(c);
            nuint i0 = (nuint)index, i1 = (nuint)(index + Vector<T>.Count);
            if (!first)
            {
                acc0 = Vector.LoadUnsafe(ref dst, i0) + acc0;
                acc1 = Vector.LoadUnsafe(ref dst, i1) + acc1;
            }
            else if (beta != T.Zero)
            {
                acc0 = Vector.LoadUnsafe(ref dst, i0) * beta + acc0;
                acc1 = Vector.LoadUnsafe(ref dst, i1) * beta + acc1;
            }
            acc0.StoreUnsafe(ref dst, i0);
            acc1.StoreUnsafe(ref dst, i1);
        }
    }
}
