namespace SourceAD.GradBench.Shared;

/// <summary>
/// The members of cpp/adbench/shared/light_matrix.h that ht uses, line by line, as static methods over a matrix's
/// column-major data and sizes: <c>m(i, j)</c> is <c>m[j · nrows + i]</c>.
/// GAP(issue 12): a LightMatrix class (data, nrows, ncols, members) is the C# form of the C++ class; the generator
/// differentiates neither calls on other objects nor fields, so its members are static methods here (README, "Gaps").
/// </summary>
public static partial class LightMatrix
{
    // T* LightMatrix<T>::get_col(int i): &data_[i * nrows_], a view of the data from column i on. Not [Differentiable]:
    // it returns a span, and its callers read that view in place (generators/README.md, span views).
    public static ReadOnlySpan<double> get_col(int nrows, ReadOnlySpan<double> m, int i) => m.Slice(i * nrows);

    // void LightMatrix<T>::set_identity()
    [Differentiable]
    public static void set_identity(int nrows, int ncols, Span<double> m)
    {
        for (int i_col = 0; i_col < ncols; i_col++)
            for (int i_row = 0; i_row < nrows; i_row++)
                if (i_col == i_row)
                    m[i_row * nrows + i_col] = 1.0;
                else
                    m[i_row * nrows + i_col] = 0.0;
    }

    // void LightMatrix<T>::set_block(int row_off, int col_off, const LightMatrix<T>& block)
    [Differentiable]
    public static void set_block(int nrows, Span<double> m, int row_off, int col_off, int block_nrows, int block_ncols,
                                 ReadOnlySpan<double> block)
    {
        for (int i_col = 0; i_col < block_ncols; i_col++)
            for (int i_row = 0; i_row < block_nrows; i_row++)
                m[(i_col + col_off) * nrows + i_row + row_off] = block[i_col * block_nrows + i_row];
    }

    // void LightMatrix<T>::scale_col(int i, const T& val)
    [Differentiable]
    public static void scale_col(int nrows, int ncols, Span<double> m, int i, double val)
    {
        for (int j = 0; j < nrows; j++)
            m[i * nrows + j] *= val;
    }

    // void LightMatrix<T>::scale_row(int i, const T& val)
    [Differentiable]
    public static void scale_row(int nrows, int ncols, Span<double> m, int i, double val)
    {
        for (int j = 0; j < ncols; j++)
            m[j * nrows + i] *= val;
    }

    // void LightMatrix<T>::set_col(int i, const T& val)
    [Differentiable]
    public static void set_col(int nrows, Span<double> m, int i, double val)
    {
        for (int j = 0; j < nrows; j++)
            m[i * nrows + j] = val;
    }

    // void LightMatrix<T>::set_col(int i, const T* const data)
    [Differentiable]
    public static void set_col(int nrows, Span<double> m, int i, ReadOnlySpan<double> data)
    {
        for (int j = 0; j < nrows; j++)
            m[i * nrows + j] = data[j];
    }

    // void LightMatrix<T>::fill(const T& val)
    [Differentiable]
    public static void fill(int size, Span<double> m, double val)
    {
        for (int i = 0; i < size; i++)
            m[i] = val;
    }

    // template <typename T, typename U, typename V> void mat_mult(const LightMatrix<T>& lhs, const LightMatrix<U>& rhs, LightMatrix<V>* pout)
    [Differentiable]
    public static void mat_mult(int lhs_nrows, int lhs_ncols, ReadOnlySpan<double> lhs, int rhs_nrows, int rhs_ncols,
                                ReadOnlySpan<double> rhs, Span<double> @out)
    {
        for (int i = 0; i < lhs_nrows; i++)
        {
            for (int k = 0; k < rhs_ncols; k++)
            {
                @out[k * lhs_nrows + i] = lhs[0 * lhs_nrows + i] * rhs[k * rhs_nrows + 0];
                for (int j = 1; j < lhs_ncols; j++)
                {
                    @out[k * lhs_nrows + i] += lhs[j * lhs_nrows + i] * rhs[k * rhs_nrows + j];
                }
            }
        }
    }
}
