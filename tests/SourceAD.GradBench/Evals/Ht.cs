using SourceAD.GradBench.Shared;
using static SourceAD.GradBench.Shared.AdbenchMatrix;
using static SourceAD.GradBench.Shared.LightMatrix;

namespace SourceAD.GradBench.Evals;

/// <summary>
/// GradBench's ht eval (cpp/gradbench/evals/ht.hpp, from ADBench), line by line with its helpers. A
/// <c>LightMatrix&lt;T&gt;</c> is its column-major data (a span) with its sizes (see <see cref="LightMatrix"/>); a
/// <c>vector&lt;LightMatrix&lt;T&gt;&gt;</c> of 4 × 4 matrices is one array, matrix i at [16·i, 16·i + 16).
/// GAP(issue 12): the model and data (ModelLightMatrix, DataLightMatrix) come in as their fields, one parameter each
/// (model_parents, model_base_relatives, …): reading a field of a class parameter is refused (SRCAD0001 "Indexing
/// 'model.bone_names' is not supported", "The expression 'model.is_mirrored' is not supported").
/// </summary>
public static partial class Ht
{
    // template <typename T> void angle_axis_to_rotation_matrix(const T* const angle_axis, LightMatrix<T>* pR)
    [Differentiable]
    public static void angle_axis_to_rotation_matrix(ReadOnlySpan<double> angle_axis, Span<double> pR)
    {
        double norm = Math.Sqrt(sqnorm(3, angle_axis));
        if (norm < .0001)
        {
            set_identity(3, 3, pR);
            return;
        }

        double x = angle_axis[0] / norm;
        double y = angle_axis[1] / norm;
        double z = angle_axis[2] / norm;

        double s = Math.Sin(norm);
        double c = Math.Cos(norm);

        Span<double> R = pR.Slice(0);
        R[0 + 3 * 0] = x * x + (1 - x * x) * c;     // R(0, 0)
        R[0 + 3 * 1] = x * y * (1 - c) - z * s;     // R(0, 1)
        R[0 + 3 * 2] = x * z * (1 - c) + y * s;     // R(0, 2)
        R[1 + 3 * 0] = x * y * (1 - c) + z * s;     // R(1, 0)
        R[1 + 3 * 1] = y * y + (1 - y * y) * c;     // R(1, 1)
        R[1 + 3 * 2] = y * z * (1 - c) - x * s;     // R(1, 2)
        R[2 + 3 * 0] = x * z * (1 - c) - y * s;     // R(2, 0)
        R[2 + 3 * 1] = z * y * (1 - c) + x * s;     // R(2, 1)
        R[2 + 3 * 2] = z * z + (1 - z * z) * c;     // R(2, 2)
    }

    // template <typename T> void apply_global_transform(const LightMatrix<T>& pose_params, LightMatrix<T>* positions)
    [Differentiable]
    public static void apply_global_transform(ReadOnlySpan<double> pose_params, int positions_ncols, Span<double> positions)
    {
        double[] R = new double[3 * 3];
        angle_axis_to_rotation_matrix(get_col(3, pose_params, 0), R);

        for (int i = 0; i < 3; i++)
        {
            scale_col(3, 3, R, i, pose_params[i + 3 * 1]);
        }

        double[] tmp = new double[3 * positions_ncols];
        mat_mult(3, 3, R, 3, positions_ncols, positions, tmp);
        for (int j = 0; j < positions_ncols; j++)
            for (int i = 0; i < 3; i++)
                positions[i + 3 * j] = tmp[i + 3 * j] + pose_params[i + 3 * 2];
    }

    // template <typename T> void relatives_to_absolutes(const vector<LightMatrix<T>>& relatives,
    //     const vector<int>& parents, vector<LightMatrix<T>>* pabsolutes)
    [Differentiable]
    public static void relatives_to_absolutes(ReadOnlySpan<double> relatives, int[] parents, Span<double> absolutes)
    {
        // absolutes[parents[i]] and absolutes[i] are disjoint 4 × 4 slices of one array (parents[i] < i), as in C++.
        for (int i = 0; i < parents.Length; i++)
        {
            if (parents[i] == -1)
                relatives.Slice(16 * i, 16).CopyTo(absolutes.Slice(16 * i, 16));
            else
                mat_mult(4, 4, absolutes.Slice(16 * parents[i], 16), 4, 4, relatives.Slice(16 * i, 16), absolutes.Slice(16 * i, 16));
        }
    }

    // template <typename T> void euler_angles_to_rotation_matrix(const T* const xzy, LightMatrix<T>* pR)
    [Differentiable]
    public static void euler_angles_to_rotation_matrix(ReadOnlySpan<double> xzy, Span<double> pR)
    {
        double tx = xzy[0], ty = xzy[2], tz = xzy[1];
        double[] Rx = new double[3 * 3], Ry = new double[3 * 3], Rz = new double[3 * 3];
        set_identity(3, 3, Rx);
        Rx[1 + 3 * 1] = Math.Cos(tx);       // Rx(1, 1)
        Rx[2 + 3 * 1] = Math.Sin(tx);       // Rx(2, 1)
        Rx[1 + 3 * 2] = -Rx[2 + 3 * 1];     // Rx(1, 2) = -Rx(2, 1)
        Rx[2 + 3 * 2] = Rx[1 + 3 * 1];      // Rx(2, 2) = Rx(1, 1)

        set_identity(3, 3, Ry);
        Ry[0 + 3 * 0] = Math.Cos(ty);       // Ry(0, 0)
        Ry[0 + 3 * 2] = Math.Sin(ty);       // Ry(0, 2)
        Ry[2 + 3 * 0] = -Ry[0 + 3 * 2];     // Ry(2, 0) = -Ry(0, 2)
        Ry[2 + 3 * 2] = Ry[0 + 3 * 0];      // Ry(2, 2) = Ry(0, 0)

        set_identity(3, 3, Rz);
        Rz[0 + 3 * 0] = Math.Cos(tz);       // Rz(0, 0)
        Rz[1 + 3 * 0] = Math.Sin(tz);       // Rz(1, 0)
        Rz[0 + 3 * 1] = -Rz[1 + 3 * 0];     // Rz(0, 1) = -Rz(1, 0)
        Rz[1 + 3 * 1] = Rz[0 + 3 * 0];      // Rz(1, 1) = Rz(0, 0)

        double[] tmp = new double[3 * 3];
        mat_mult(3, 3, Rz, 3, 3, Ry, tmp);
        mat_mult(3, 3, tmp, 3, 3, Rx, pR);
    }

    // template <typename T> void get_posed_relatives(const ModelLightMatrix& model,
    //     const LightMatrix<T>& pose_params, vector<LightMatrix<T>>* prelatives)
    [Differentiable]
    public static void get_posed_relatives(string[] model_bone_names, [NoDerivative] ReadOnlySpan<double> model_base_relatives,
                                           ReadOnlySpan<double> pose_params, Span<double> relatives)
    {
        int offset = 3;
        for (int i = 0; i < model_bone_names.Length; i++)
        {
            double[] tr = new double[4 * 4];
            set_identity(4, 4, tr);

            double[] R = new double[3 * 3];
            euler_angles_to_rotation_matrix(get_col(3, pose_params, i + offset), R);
            set_block(4, tr, 0, 0, 3, 3, R);

            mat_mult(4, 4, model_base_relatives.Slice(16 * i), 4, 4, tr, relatives.Slice(16 * i));
        }
    }

    // template <typename T> void get_skinned_vertex_positions(const ModelLightMatrix& model,
    //     const LightMatrix<T>& pose_params, LightMatrix<T>* ppositions, bool apply_global)
    [Differentiable]
    public static void get_skinned_vertex_positions(string[] model_bone_names, int[] model_parents,
                                                    [NoDerivative] ReadOnlySpan<double> model_base_relatives,
                                                    [NoDerivative] ReadOnlySpan<double> model_inverse_base_absolutes,
                                                    [NoDerivative] ReadOnlySpan<double> model_base_positions, int model_base_positions_ncols,
                                                    [NoDerivative] ReadOnlySpan<double> model_weights, bool model_is_mirrored,
                                                    ReadOnlySpan<double> pose_params, Span<double> positions, bool apply_global)
    {
        int n_bones = model_parents.Length;
        double[] relatives = new double[16 * n_bones], absolutes = new double[16 * n_bones], transforms = new double[16 * n_bones];
        get_posed_relatives(model_bone_names, model_base_relatives, pose_params, relatives);
        relatives_to_absolutes(relatives, model_parents, absolutes);

        // Get bone transforms.
        for (int i = 0; i < n_bones; i++)
        {
            mat_mult(4, 4, absolutes.AsSpan(16 * i), 4, 4, model_inverse_base_absolutes.Slice(16 * i), transforms.AsSpan(16 * i));
        }

        // Transform vertices by necessary transforms. + apply skinning
        int n_verts = model_base_positions_ncols;
        fill(3 * n_verts, positions, 0.0);
        double[] curr_positions = new double[4 * n_verts];
        for (int i_bone = 0; i_bone < n_bones; i_bone++)
        {
            mat_mult(4, 4, transforms.AsSpan(16 * i_bone), 4, n_verts, model_base_positions, curr_positions);
            for (int i_vert = 0; i_vert < n_verts; i_vert++)
                for (int i = 0; i < 3; i++)
                {
                    double change =
                        curr_positions[i + 4 * i_vert] * model_weights[i_bone + n_bones * i_vert];
                    positions[i + 3 * i_vert] += change;
                }
        }

        if (model_is_mirrored)
            scale_row(3, n_verts, positions, 0, -1);

        if (apply_global)
            apply_global_transform(pose_params, n_verts, positions);
    }

    //% !!!!!!! fixed order pose_params !!!!!
    //% 1) global_rotation 2) scale 3) global_translation
    //% 4) wrist
    //% 5) thumb1, 6)thumb2, 7) thumb3, 8) thumb4
    //%       similarly: index, middle, ring, pinky
    //%       end) forearm
    // template <typename T> void to_pose_params(const T* const theta, const vector<string>& bone_names, LightMatrix<T>* ppose_params)
    [Differentiable]
    public static void to_pose_params(ReadOnlySpan<double> theta, string[] bone_names, Span<double> pose_params)
    {
        fill(3 * (bone_names.Length + 3), pose_params, 0.0);

        // GAP(issue 12): pose_params.set_col(i, …) writes one column of pose_params, but the generated pushforward of
        // set_col clears the tangent of its whole output span first, so the second call erased the first one's
        // tangents: a silently wrong (zero) Jacobian, no diagnostic (README, "Gaps"). Each call gets the span from its
        // own column on (so the clear reaches only columns written later) and writes that span's column 0.
        set_col(3, pose_params.Slice(0 * 3), 0, theta.Slice(0));
        set_col(3, pose_params.Slice(1 * 3), 0, 1.0);
        set_col(3, pose_params.Slice(2 * 3), 0, theta.Slice(3));

        int i_theta = 6;
        int i_pose_params = 5;
        int n_fingers = 5;
        for (int i_finger = 0; i_finger < n_fingers; i_finger++)
        {
            for (int i = 2; i <= 4; i++)
            {
                pose_params[0 + 3 * i_pose_params] = theta[i_theta++];
                if (i == 2)
                {
                    pose_params[1 + 3 * i_pose_params] = theta[i_theta++];
                }
                i_pose_params++;
            }
            i_pose_params++;
        }
    }

    // template <typename T> void objective(const T* const theta, const DataLightMatrix* data, T* err)
    [Differentiable]
    public static void objective(ReadOnlySpan<double> theta,
                                 string[] model_bone_names, int[] model_parents,
                                 [NoDerivative] ReadOnlySpan<double> model_base_relatives,
                                 [NoDerivative] ReadOnlySpan<double> model_inverse_base_absolutes,
                                 [NoDerivative] ReadOnlySpan<double> model_base_positions, int model_base_positions_ncols,
                                 [NoDerivative] ReadOnlySpan<double> model_weights, bool model_is_mirrored,
                                 int[] data_correspondences, [NoDerivative] ReadOnlySpan<double> data_points,
                                 Span<double> err)
    {
        double[] pose_params = new double[3 * (model_bone_names.Length + 3)];
        to_pose_params(theta, model_bone_names, pose_params);

        double[] vertex_positions = new double[3 * model_base_positions_ncols];
        get_skinned_vertex_positions(model_bone_names, model_parents, model_base_relatives, model_inverse_base_absolutes,
                                     model_base_positions, model_base_positions_ncols, model_weights, model_is_mirrored,
                                     pose_params, vertex_positions, true);

        for (int i = 0; i < data_correspondences.Length; i++)
            for (int j = 0; j < 3; j++)
                err[i * 3 + j] =
                    data_points[j + 3 * i] - vertex_positions[j + 3 * data_correspondences[i]];
    }

    // template <typename T> void objective(const T* const theta, const T* const us, const DataLightMatrix* data, T* err)
    [Differentiable]
    public static void objective(ReadOnlySpan<double> theta, ReadOnlySpan<double> us,
                                 string[] model_bone_names, int[] model_parents,
                                 [NoDerivative] ReadOnlySpan<double> model_base_relatives,
                                 [NoDerivative] ReadOnlySpan<double> model_inverse_base_absolutes,
                                 [NoDerivative] ReadOnlySpan<double> model_base_positions, int model_base_positions_ncols,
                                 [NoDerivative] ReadOnlySpan<double> model_weights, bool model_is_mirrored,
                                 int[][] model_triangles, int[] data_correspondences, [NoDerivative] ReadOnlySpan<double> data_points,
                                 Span<double> err)
    {
        double[] pose_params = new double[3 * (model_bone_names.Length + 3)];
        to_pose_params(theta, model_bone_names, pose_params);

        double[] vertex_positions = new double[3 * model_base_positions_ncols];
        get_skinned_vertex_positions(model_bone_names, model_parents, model_base_relatives, model_inverse_base_absolutes,
                                     model_base_positions, model_base_positions_ncols, model_weights, model_is_mirrored,
                                     pose_params, vertex_positions, true);

        for (int i = 0; i < data_correspondences.Length; i++)
        {
            int[] verts = model_triangles[data_correspondences[i]];
            ReadOnlySpan<double> u = us.Slice(2 * i);
            for (int j = 0; j < 3; j++)
            {
                double hand_point_coord = u[0] * vertex_positions[j + 3 * verts[0]] +
                                          u[1] * vertex_positions[j + 3 * verts[1]] +
                                          (1.0 - u[0] - u[1]) * vertex_positions[j + 3 * verts[2]];

                err[i * 3 + j] = data_points[j + 3 * i] - hand_point_coord;
            }
        }
    }
}
