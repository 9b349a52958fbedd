using System.Numerics;
using ILGPU;

namespace SourceAD.Ilgpu.Kernels;

/// <summary>
/// One batched GEMM: C[z] = op(A[z])·op(B[z]) + beta·C[z] on row-major views with element offsets. With
/// <see cref="SumBatch"/> there is one C and each thread sums every batch's product into it (the adjoint of a shared
/// operand), so no two threads write the same element.
/// </summary>
internal readonly record struct GemmArgs(
    int M, int N, int K,
    int AOffset, int Lda, int TransposeA, int StrideA,
    int BOffset, int Ldb, int TransposeB, int StrideB,
    int COffset, int Ldc, int StrideC,
    int Batch, int SumBatch);

/// <summary>GEMM kernels: a shared-memory tiled one (CUDA) and a one-thread-per-element one (the CPU accelerator).</summary>
internal static class GemmKernels
{
    private static T A<T>(ArrayView<T> a, in GemmArgs g, int z, int row, int q) where T : unmanaged =>
        g.TransposeA != 0 ? a[g.AOffset + z * g.StrideA + q * g.Lda + row] : a[g.AOffset + z * g.StrideA + row * g.Lda + q];

    private static T B<T>(ArrayView<T> b, in GemmArgs g, int z, int q, int col) where T : unmanaged =>
        g.TransposeB != 0 ? b[g.BOffset + z * g.StrideB + col * g.Ldb + q] : b[g.BOffset + z * g.StrideB + q * g.Ldb + col];

    /// <summary>
    /// Grid-stride over the elements of C (column fastest, then row, then output batch): each element is computed by one
    /// thread with k ascending.
    /// </summary>
    public static void Simple<T>(Index1D thread, ArrayView<T> a, ArrayView<T> b, ArrayView<T> c, GemmArgs g, T beta, int elements, int stride)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int e = thread; e < elements; e += stride)
        {
            int col = e % g.N, row = e / g.N % g.M, zc = e / (g.N * g.M);
            int first = g.SumBatch != 0 ? 0 : zc, last = g.SumBatch != 0 ? g.Batch : zc + 1;
            T acc = T.Zero;
            for (int z = first; z < last; z++)
            {
                for (int q = 0; q < g.K; q++)
                {
                    acc += A(a, g, z, row, q) * B(b, g, z, q, col);
                }
            }
            int ci = g.COffset + zc * g.StrideC + row * g.Ldc + col;
            // beta = 0 ignores C's contents (it may hold NaN), as the CPU GEMM does.
            c[ci] = beta == T.Zero ? acc : acc + beta * c[ci];
        }
    }

    /// <summary>
    /// Grid (column tiles, row tiles, output batches), groups of TTile.Side² threads: each group stages a tile of
    /// op(A) and of op(B) in shared memory per K step, so every global element is read once per tile instead of once per
    /// output element. Out-of-range tile entries are zeros, so any M, N, K works.
    /// </summary>
    public static void Tiled<T, TTile>(ArrayView<T> a, ArrayView<T> b, ArrayView<T> c, GemmArgs g, T beta)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TTile : struct, ITile
    {
        int side = default(TTile).Side;
        ArrayView<T> tileA = SharedMemory.Allocate<T>(side * side);
        ArrayView<T> tileB = SharedMemory.Allocate<T>(side * side);
        int tx = Group.IdxX, ty = Group.IdxY;
        int col = Grid.IdxX * side + tx, row = Grid.IdxY * side + ty, zc = Grid.IdxZ;
        int first = g.SumBatch != 0 ? 0 : zc, last = g.SumBatch != 0 ? g.Batch : zc + 1;
        T acc = T.Zero;
        for (int z = first; z < last; z++)
        {
            for (int k0 = 0; k0 < g.K; k0 += side)
            {
                int qa = k0 + tx, qb = k0 + ty;
                tileA[ty * side + tx] = row < g.M && qa < g.K ? A(a, g, z, row, qa) : T.Zero;
                tileB[ty * side + tx] = col < g.N && qb < g.K ? B(b, g, z, qb, col) : T.Zero;
                Group.Barrier();
                for (int q = 0; q < side; q++)
                {
                    acc += tileA[ty * side + q] * tileB[q * side + tx];
                }
                Group.Barrier();
            }
        }
        if (row < g.M && col < g.N)
        {
            int ci = g.COffset + zc * g.StrideC + row * g.Ldc + col;
            c[ci] = beta == T.Zero ? acc : acc + beta * c[ci];
        }
    }
}
