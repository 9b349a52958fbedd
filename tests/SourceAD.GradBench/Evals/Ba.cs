using System.Text.Json.Nodes;
using SourceAD.GradBench.Protocol;
using static SourceAD.GradBench.Shared.AdbenchMatrix;

namespace SourceAD.GradBench.Evals;

/// <summary>GradBench's ba eval (cpp/gradbench/evals/ba.hpp, from ADBench), line by line with its helpers.</summary>
public static partial class Ba
{
    /// <summary>#define BA_NCAMPARAMS 11</summary>
    public const int BA_NCAMPARAMS = 11;

    // template <typename T> T sqsum(int n, const T* const x)
    [Differentiable]
    public static double sqsum(int n, ReadOnlySpan<double> x)
    {
        double res = 0;
        for (int i = 0; i < n; i++)
            res = res + x[i] * x[i];
        return res;
    }

    // template <typename T> void rodrigues_rotate_point(const T* const rot, const T* const pt, T* rotatedPt)
    [Differentiable]
    public static void rodrigues_rotate_point(ReadOnlySpan<double> rot, ReadOnlySpan<double> pt, Span<double> rotatedPt)
    {
        double sqtheta = sqsum(3, rot);
        if (sqtheta != 0)
        {
            double theta, costheta, sintheta, theta_inverse, tmp;
            Span<double> w = stackalloc double[3], w_cross_pt = stackalloc double[3];

            theta = Math.Sqrt(sqtheta);
            costheta = Math.Cos(theta);
            sintheta = Math.Sin(theta);
            theta_inverse = 1.0 / theta;

            for (int i = 0; i < 3; i++)
                w[i] = rot[i] * theta_inverse;

            cross(w, pt, w_cross_pt);

            tmp = (w[0] * pt[0] + w[1] * pt[1] + w[2] * pt[2]) * (1.0 - costheta);

            for (int i = 0; i < 3; i++)
                rotatedPt[i] = pt[i] * costheta + w_cross_pt[i] * sintheta + w[i] * tmp;
        }
        else
        {
            Span<double> rot_cross_pt = stackalloc double[3];
            cross(rot, pt, rot_cross_pt);

            for (int i = 0; i < 3; i++)
                rotatedPt[i] = pt[i] + rot_cross_pt[i];
        }
    }

    // template <typename T> void radial_distort(const T* const rad_params, T* proj)
    [Differentiable]
    public static void radial_distort(ReadOnlySpan<double> rad_params, Span<double> proj)
    {
        double rsq, L;
        rsq = sqsum(2, proj);
        L = 1.0 + rad_params[0] * rsq + rad_params[1] * rsq * rsq;
        proj[0] = proj[0] * L;
        proj[1] = proj[1] * L;
    }

    // template <typename T> void project(const T* const cam, const T* const X, T* proj)
    [Differentiable]
    public static void project(ReadOnlySpan<double> cam, ReadOnlySpan<double> X, Span<double> proj)
    {
        ReadOnlySpan<double> C = cam.Slice(3);
        Span<double> Xo = stackalloc double[3], Xcam = stackalloc double[3];

        Xo[0] = X[0] - C[0];
        Xo[1] = X[1] - C[1];
        Xo[2] = X[2] - C[2];

        rodrigues_rotate_point(cam.Slice(0), Xo, Xcam);

        proj[0] = Xcam[0] / Xcam[2];
        proj[1] = Xcam[1] / Xcam[2];

        radial_distort(cam.Slice(9), proj);

        proj[0] = proj[0] * cam[6] + cam[7];
        proj[1] = proj[1] * cam[6] + cam[8];
    }

    // template <typename T> void computeReprojError(const T* const cam, const T* const X, const T* const w,
    //                                               const double* const feat, T* err)
    [Differentiable]
    public static void computeReprojError(ReadOnlySpan<double> cam, ReadOnlySpan<double> X, ReadOnlySpan<double> w,
                                          [NoDerivative] ReadOnlySpan<double> feat, Span<double> err)
    {
        Span<double> proj = stackalloc double[2];
        project(cam, X, proj);

        err[0] = w[0] * (proj[0] - feat[0]);
        err[1] = w[0] * (proj[1] - feat[1]);
    }

    // template <typename T> void computeZachWeightError(const T* const w, T* err)
    [Differentiable]
    public static void computeZachWeightError(ReadOnlySpan<double> w, Span<double> err)
    {
        err[0] = 1 - w[0] * w[0];
    }

    // template <typename T> void objective(int n, int m, int p, const T* const cams, const T* const X,
    //     const T* const w, const int* const obs, const double* const feats, T* reproj_err, T* w_err)
    [Differentiable]
    public static void objective(int n, int m, int p, ReadOnlySpan<double> cams, ReadOnlySpan<double> X,
                                 ReadOnlySpan<double> w, int[] obs,
                                 [NoDerivative] ReadOnlySpan<double> feats, Span<double> reproj_err, Span<double> w_err)
    {
        for (int i = 0; i < p; i++)
        {
            int camIdx = obs[i * 2 + 0];
            int ptIdx = obs[i * 2 + 1];
            computeReprojError(cams.Slice(camIdx * BA_NCAMPARAMS), X.Slice(ptIdx * 3), w.Slice(i),
                               feats.Slice(i * 2), reproj_err.Slice(2 * i));
        }

        for (int i = 0; i < p; i++)
        {
            computeZachWeightError(w.Slice(i), w_err.Slice(i));
        }
    }
}

/// <summary>
/// ba.hpp's SparseMat, line by line: the Jacobian in compressed-row form. rows is nrows+1 long; rows[i] … rows[i+1]-1
/// index the i-th row's entries in cols and vals.
/// </summary>
public sealed class SparseMat
{
    /// <summary>Numbers of cams, points and observations.</summary>
    public int n, m, p;

    /// <summary>Rows and columns of the Jacobian.</summary>
    public int nrows, ncols;

    /// <summary>Row starts, entry columns and entry values.</summary>
    public List<int> rows = [], cols = [];

    /// <summary>Entry values.</summary>
    public List<double> vals = [];

    /// <summary>SparseMat(int n_, int m_, int p_)</summary>
    public SparseMat(int n_, int m_, int p_)
    {
        n = n_;
        m = m_;
        p = p_;
        nrows = 2 * p + p;
        ncols = Ba.BA_NCAMPARAMS * n + 3 * m + p;
        rows.Capacity = nrows + 1;
        int nnonzero = (Ba.BA_NCAMPARAMS + 3 + 1) * 2 * p + p;
        cols.Capacity = nnonzero;
        vals.Capacity = nnonzero;
        rows.Add(0);
    }

    /// <summary>The 2 × 15 block of one observation; J is column-major (J[2·column + row]).</summary>
    public void insert_reproj_err_block(int obsIdx, int camIdx, int ptIdx, ReadOnlySpan<double> J)
    {
        int n_new_cols = Ba.BA_NCAMPARAMS + 3 + 1;
        rows.Add(rows[^1] + n_new_cols);
        rows.Add(rows[^1] + n_new_cols);

        for (int i_row = 0; i_row < 2; i_row++)
        {
            for (int i = 0; i < Ba.BA_NCAMPARAMS; i++)
            {
                cols.Add(Ba.BA_NCAMPARAMS * camIdx + i);
                vals.Add(J[2 * i + i_row]);
            }
            int col_offset = Ba.BA_NCAMPARAMS * n;
            int val_offset = Ba.BA_NCAMPARAMS * 2;
            for (int i = 0; i < 3; i++)
            {
                cols.Add(col_offset + 3 * ptIdx + i);
                vals.Add(J[val_offset + 2 * i + i_row]);
            }
            col_offset += 3 * m;
            val_offset += 3 * 2;
            cols.Add(col_offset + obsIdx);
            vals.Add(J[val_offset + i_row]);
        }
    }

    /// <summary>The 1 × 1 block of one weight error.</summary>
    public void insert_w_err_block(int wIdx, double w_d)
    {
        rows.Add(rows[^1] + 1);
        cols.Add(Ba.BA_NCAMPARAMS * n + 3 * m + wIdx);
        vals.Add(w_d);
    }

    /// <summary>ba.hpp's to_json(JacOutput): the first observation's block and the last entry, as GradBench compares them.</summary>
    public JsonNode ToJson()
    {
        int num_reproj_err_elems = 2 * (Ba.BA_NCAMPARAMS + 4);
        var repeatedRows = new JsonArray();
        var repeatedCols = new JsonArray();
        var repeatedVals = new JsonArray();
        for (int i = 0; i < num_reproj_err_elems; i++)
        {
            repeatedRows.Add(rows[i]);
            repeatedCols.Add(cols[i]);
            repeatedVals.Add(vals[i]);
        }
        repeatedRows.Add(rows[^1]);
        repeatedCols.Add(cols[^1]);
        repeatedVals.Add(vals[^1]);
        return new JsonObject { ["rows"] = repeatedRows, ["cols"] = repeatedCols, ["vals"] = repeatedVals };
    }
}

/// <summary>
/// The ba module: "objective" and "jacobian". The Jacobian is assembled as GradBench's tools do: for each observation
/// the 2 × 15 block of computeReprojError with respect to (cam, X, w) by two pullbacks (one per residual), and the
/// weight error's derivative by one pullback of computeZachWeightError.
/// </summary>
public sealed class BaEval : IEval
{
    /// <inheritdoc/>
    public string Name => "ba";

    /// <inheritdoc/>
    public EvalRun? Prepare(string function, JsonNode input)
    {
        // ba.hpp's from_json: one camera, point, weight and feature, repeated.
        int n = JsonInput.Int(JsonInput.Field(input, "n"));
        int m = JsonInput.Int(JsonInput.Field(input, "m"));
        int p = JsonInput.Int(JsonInput.Field(input, "p"));
        double[] cam = JsonInput.Doubles(JsonInput.Field(input, "cam"));
        double[] x = JsonInput.Doubles(JsonInput.Field(input, "x"));
        double w1 = JsonInput.Double(JsonInput.Field(input, "w"));
        double[] feat = JsonInput.Doubles(JsonInput.Field(input, "feat"));
        if (n < 1 || m < 1 || p < 1 || cam.Length < Ba.BA_NCAMPARAMS || x.Length < 3 || feat.Length < 2)
            throw new FormatException("ba input sizes are wrong");
        var cams = new double[Ba.BA_NCAMPARAMS * n];
        var X = new double[3 * m];
        var w = new double[p];
        var obs = new int[2 * p];
        var feats = new double[2 * p];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < Ba.BA_NCAMPARAMS; j++)
                cams[i * Ba.BA_NCAMPARAMS + j] = cam[j];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < 3; j++)
                X[i * 3 + j] = x[j];
        Array.Fill(w, w1);
        int camIdx = 0, ptIdx = 0;
        for (int i = 0; i < p; i++)
        {
            obs[i * 2 + 0] = camIdx++ % n;
            obs[i * 2 + 1] = ptIdx++ % m;
        }
        for (int i = 0; i < p; i++)
        {
            feats[i * 2 + 0] = feat[0];
            feats[i * 2 + 1] = feat[1];
        }

        var reprojErr = new double[2 * p];
        var wErr = new double[p];
        switch (function)
        {
            case "objective":
                return new EvalRun(
                    () => Ba.objective(n, m, p, cams, X, w, obs, feats, reprojErr, wErr),
                    () => new JsonObject
                    {
                        ["reproj_error"] = new JsonObject { ["elements"] = JsonInput.Array(reprojErr.AsSpan(0, 2)), ["repeated"] = p },
                        ["w_err"] = new JsonObject { ["element"] = wErr[0], ["repeated"] = p },
                    });
            case "jacobian":
                SparseMat? jacobian = null;
                return new EvalRun(() => jacobian = Jacobian(n, m, p, cams, X, w, obs, feats, reprojErr, wErr),
                                   () => jacobian!.ToJson());
            default:
                return null;
        }
    }

    private static SparseMat Jacobian(int n, int m, int p, double[] cams, double[] X, double[] w, int[] obs,
                                      double[] feats, double[] reprojErr, double[] wErr)
    {
        var output = new SparseMat(n, m, p);
        const int Columns = Ba.BA_NCAMPARAMS + 3 + 1;
        Span<double> J = stackalloc double[2 * Columns];
        Span<double> seed = stackalloc double[2];
        Span<double> dcam = stackalloc double[Ba.BA_NCAMPARAMS];
        Span<double> dX = stackalloc double[3];
        Span<double> dw = stackalloc double[1];
        for (int i = 0; i < p; i++)
        {
            int camIdx = obs[2 * i + 0];
            int ptIdx = obs[2 * i + 1];
            var cam = cams.AsSpan(Ba.BA_NCAMPARAMS * camIdx, Ba.BA_NCAMPARAMS);
            var pt = X.AsSpan(ptIdx * 3, 3);
            var wi = w.AsSpan(i, 1);
            for (int row = 0; row < 2; row++)
            {
                seed.Clear();
                seed[row] = 1;
                dcam.Clear();
                dX.Clear();
                dw.Clear();
                Ba.computeReprojErrorPullback(cam, pt, wi, feats.AsSpan(2 * i, 2), reprojErr.AsSpan(2 * i, 2), seed, dcam, dX, dw);
                for (int c = 0; c < Ba.BA_NCAMPARAMS; c++) J[2 * c + row] = dcam[c];
                for (int c = 0; c < 3; c++) J[2 * (Ba.BA_NCAMPARAMS + c) + row] = dX[c];
                J[2 * (Ba.BA_NCAMPARAMS + 3) + row] = dw[0];
            }
            output.insert_reproj_err_block(i, camIdx, ptIdx, J);
        }

        Span<double> one = stackalloc double[] { 1 };
        for (int i = 0; i < p; i++)
        {
            dw.Clear();
            Ba.computeZachWeightErrorPullback(w.AsSpan(i, 1), wErr.AsSpan(i, 1), one, dw);
            output.insert_w_err_block(i, dw[0]);
        }
        return output;
    }
}
