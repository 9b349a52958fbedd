using System.Text.Json.Nodes;
using SourceAD.GradBench.Protocol;

namespace SourceAD.GradBench.Evals;

/// <summary>ht.hpp's ModelLightMatrix: the hand model (data, never differentiated). Matrices are column-major.</summary>
public sealed class ModelLightMatrix
{
    /// <summary>Bone names.</summary>
    public string[] bone_names = [];

    /// <summary>Parent of each bone (earlier in the order), −1 for the root.</summary>
    public int[] parents = [];

    /// <summary>vector&lt;LightMatrix&gt; base_relatives: one 4 × 4 matrix per bone, matrix i at [16·i, 16·i + 16).</summary>
    public double[] base_relatives = [];

    /// <summary>vector&lt;LightMatrix&gt; inverse_base_absolutes, laid out as <see cref="base_relatives"/>.</summary>
    public double[] inverse_base_absolutes = [];

    /// <summary>4 × n_verts homogeneous base positions.</summary>
    public double[] base_positions = [];

    /// <summary>Columns of <see cref="base_positions"/> (the number of vertices).</summary>
    public int base_positions_ncols;

    /// <summary>n_bones × n_verts skinning weights.</summary>
    public double[] weights = [];

    /// <summary>Mesh triangles (defs.h's Triangle): each row is one triangle's int verts[3].</summary>
    public int[][] triangles = [];

    /// <summary>Whether the hand is mirrored.</summary>
    public bool is_mirrored;
}

/// <summary>ht.hpp's DataLightMatrix: model, correspondences and the 3 × n_pts measured points.</summary>
public sealed class DataLightMatrix
{
    /// <summary>The hand model.</summary>
    public ModelLightMatrix model = new();

    /// <summary>The vertex (simple) or triangle (complicated) of each point.</summary>
    public int[] correspondences = [];

    /// <summary>3 × n_pts points, column-major.</summary>
    public double[] points = [];
}

/// <summary>
/// The ht module: "objective" and "jacobian". The Jacobian (3·n_pts rows) has a column per theta entry; in the
/// complicated variant two more columns come first, ∂err/∂u₀ and ∂err/∂u₁ of each point compressed into one column each
/// (err of point i depends only on its own u), as GradBench's manual tool writes them. All columns come from one vector
/// pushforward (<c>objectivePushforwardVector</c>), one direction per column: the objective runs once, not once per column.
/// </summary>
public sealed class HtEval : IEval
{
    /// <inheritdoc/>
    public string Name => "ht";

    /// <inheritdoc/>
    public EvalRun? Prepare(string function, JsonNode input)
    {
        double[] theta = JsonInput.Doubles(JsonInput.Field(input, "theta"));
        double[] us = input["us"] is JsonNode usNode ? JsonInput.Flat(usNode) : [];
        var data = ReadData(JsonInput.Field(input, "data"));
        bool complicated = us.Length != 0;
        int nPts = data.correspondences.Length;
        if (theta.Length != 26 || (complicated && us.Length != 2 * nPts))
            throw new FormatException("ht input sizes do not match");
        int errSize = 3 * nPts;
        var err = new double[errSize];
        switch (function)
        {
            case "objective":
                return new EvalRun(
                    () =>
                    {
                        if (complicated) Objective(theta, us, data, err);
                        else Objective(theta, data, err);
                    },
                    () => JsonInput.Array(err));
            case "jacobian":
                int ncols = (complicated ? 2 : 0) + theta.Length;
                var jacobian = new double[errSize * ncols]; // column-major, as ht.hpp's JacOutput
                // One vector pushforward, one direction per column: the seeds are n × p matrices (entry i of direction
                // k at [i·p + k]), the identity on theta's columns and, in the complicated variant, the two compressed
                // u columns first (every u₀, then every u₁, tangent 1: point i's error depends on its own u only).
                int p = ncols, thetaColumn = complicated ? 2 : 0;
                var dtheta = new double[theta.Length * p];
                for (int j = 0; j < theta.Length; j++) dtheta[j * p + thetaColumn + j] = 1;
                var dus = new double[us.Length * p];
                for (int i = 0; i < nPts && complicated; i++)
                {
                    dus[2 * i * p] = 1;
                    dus[(2 * i + 1) * p + 1] = 1;
                }
                var dErr = new double[errSize * p];
                return new EvalRun(
                    () =>
                    {
                        // err is in-out for the generator (ht writes it through a loop it cannot prove covers it): its
                        // tangents on entry are read, and are zero.
                        Array.Clear(dErr);
                        if (complicated) PushforwardVector(theta, us, data, err, p, dtheta, dus, dErr);
                        else PushforwardVector(theta, data, err, p, dtheta, dErr);
                        for (int i = 0; i < errSize; i++)
                            for (int j = 0; j < p; j++)
                                jacobian[j * errSize + i] = dErr[i * p + j];
                    },
                    () =>
                    {
                        var rows = new JsonArray();
                        for (int i = 0; i < errSize; i++)
                        {
                            var row = new JsonArray();
                            for (int j = 0; j < ncols; j++) row.Add(jacobian[j * errSize + i]);
                            rows.Add(row);
                        }
                        return rows;
                    });
            default:
                return null;
        }
    }

    // The objectives take the model's and data's fields one by one (see Ht).
    private static void Objective(double[] theta, DataLightMatrix data, double[] err)
    {
        var m = data.model;
        Ht.objective(theta, m.bone_names, m.parents, m.base_relatives, m.inverse_base_absolutes, m.base_positions,
                     m.base_positions_ncols, m.weights, m.is_mirrored, data.correspondences, data.points, err);
    }

    private static void Objective(double[] theta, double[] us, DataLightMatrix data, double[] err)
    {
        var m = data.model;
        Ht.objective(theta, us, m.bone_names, m.parents, m.base_relatives, m.inverse_base_absolutes, m.base_positions,
                     m.base_positions_ncols, m.weights, m.is_mirrored, m.triangles, data.correspondences, data.points, err);
    }

    private static void PushforwardVector(double[] theta, DataLightMatrix data, double[] err, int p, double[] dtheta, double[] dErr)
    {
        var m = data.model;
        Ht.objectivePushforwardVector(theta, m.bone_names, m.parents, m.base_relatives, m.inverse_base_absolutes,
                                      m.base_positions, m.base_positions_ncols, m.weights, m.is_mirrored,
                                      data.correspondences, data.points, err, p, dtheta, dErr);
    }

    private static void PushforwardVector(double[] theta, double[] us, DataLightMatrix data, double[] err, int p,
                                          double[] dtheta, double[] dus, double[] dErr)
    {
        var m = data.model;
        Ht.objectivePushforwardVector(theta, us, m.bone_names, m.parents, m.base_relatives, m.inverse_base_absolutes,
                                      m.base_positions, m.base_positions_ncols, m.weights, m.is_mirrored, m.triangles,
                                      data.correspondences, data.points, err, p, dtheta, dus, dErr);
    }

    // ht.hpp's from_json. to_light_matrix stores v[i][j] at (j, i): the flattened rows are the column-major data.
    private static DataLightMatrix ReadData(JsonNode node)
    {
        var modelNode = JsonInput.Field(node, "model");
        var model = new ModelLightMatrix
        {
            bone_names = JsonInput.Field(modelNode, "bone_names").AsArray().Select(n => n!.GetValue<string>()).ToArray(),
            parents = JsonInput.Ints(JsonInput.Field(modelNode, "parents")),
            is_mirrored = JsonInput.Field(modelNode, "is_mirrored").GetValue<bool>(),
            base_relatives = Matrices4(JsonInput.Field(modelNode, "base_relatives")),
            inverse_base_absolutes = Matrices4(JsonInput.Field(modelNode, "inverse_base_absolutes")),
        };
        var basePositions = JsonInput.Rows(JsonInput.Field(modelNode, "base_positions"));
        model.base_positions = basePositions.SelectMany(r => r).ToArray();
        model.base_positions_ncols = basePositions.Length;
        var weights = JsonInput.Rows(JsonInput.Field(modelNode, "weights"));
        model.weights = weights.SelectMany(r => r).ToArray();
        var triangles = JsonInput.Field(modelNode, "triangles").AsArray().Select(t => JsonInput.Ints(t!)).ToArray();
        if (triangles.Any(t => t.Length != 3)) throw new FormatException("a triangle has 3 vertices");
        model.triangles = triangles;
        int nBones = model.parents.Length;
        if (model.bone_names.Length != nBones || model.base_relatives.Length != 16 * nBones
            || model.inverse_base_absolutes.Length != 16 * nBones
            || basePositions.Any(p => p.Length != 4) || weights.Length != model.base_positions_ncols
            || weights.Any(w => w.Length != nBones))
            throw new FormatException("ht model sizes do not match");
        var points = JsonInput.Rows(JsonInput.Field(node, "points"));
        if (points.Any(p => p.Length != 3)) throw new FormatException("ht points must have 3 coordinates");
        return new DataLightMatrix
        {
            model = model,
            correspondences = JsonInput.Ints(JsonInput.Field(node, "correspondences")),
            points = points.SelectMany(r => r).ToArray(),
        };
    }

    // to_light_matrix then transpose_in_place: entry (i, j) is v[i][j], stored column-major at j·4 + i.
    private static double[] Matrices4(JsonNode node)
    {
        var matrices = node.AsArray();
        var result = new double[16 * matrices.Count];
        for (int m = 0; m < matrices.Count; m++)
        {
            var rows = JsonInput.Rows(matrices[m]!);
            if (rows.Length != 4 || rows.Any(r => r.Length != 4)) throw new FormatException("expected a 4 × 4 matrix");
            for (int i = 0; i < 4; i++)
                for (int j = 0; j < 4; j++)
                    result[16 * m + j * 4 + i] = rows[i][j];
        }
        return result;
    }
}
