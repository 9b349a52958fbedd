using SourceAD.GradBench.Evals;
using Xunit;

namespace SourceAD.GradBench.Tests;

/// <summary>The ht helpers' generated pushforwards against central finite differences of the helpers themselves.</summary>
public class HtDerivativeTests
{
    private static double[] Random(int n, int seed)
    {
        var r = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => r.NextDouble() * 2 - 1).ToArray();
    }

    private static void AssertClose(double[] expected, double[] actual, double tolerance = 1e-6)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(FiniteDifferences.Difference(expected[i], actual[i]) <= tolerance,
                $"[{i}]: finite differences {expected[i]}, generated {actual[i]}");
    }

    [Fact]
    public void ToPoseParams()
    {
        var names = new string[22];
        var theta = Random(26, 1);
        var v = Random(26, 2);
        int size = 3 * (names.Length + 3);
        var fd = FiniteDifferences.Directional((t, y) => Ht.to_pose_params(t, names, y), theta, v, size);
        var y = new double[size];
        var dy = new double[size];
        Ht.to_pose_paramsPushforward(theta, names, y, v, dy);
        AssertClose(fd, dy);
    }

    [Fact]
    public void EulerAnglesToRotationMatrix()
    {
        var x = Random(3, 3);
        var v = Random(3, 4);
        var fd = FiniteDifferences.Directional((t, y) => Ht.euler_angles_to_rotation_matrix(t, y), x, v, 9);
        var y = new double[9];
        var dy = new double[9];
        Ht.euler_angles_to_rotation_matrixPushforward(x, y, v, dy);
        AssertClose(fd, dy);
    }

    [Fact]
    public void AngleAxisToRotationMatrix()
    {
        var x = Random(3, 5);
        var v = Random(3, 6);
        var fd = FiniteDifferences.Directional((t, y) => Ht.angle_axis_to_rotation_matrix(t, y), x, v, 9);
        var y = new double[9];
        var dy = new double[9];
        Ht.angle_axis_to_rotation_matrixPushforward(x, y, v, dy);
        AssertClose(fd, dy);
    }

    [Fact]
    public void GetPosedRelatives()
    {
        var names = new string[3];
        var baseRelatives = Random(48, 7);
        var pose = Random(3 * 6, 8);
        var v = Random(3 * 6, 9);
        var fd = FiniteDifferences.Directional((t, y) => Ht.get_posed_relatives(names, baseRelatives, t, y), pose, v, 48);
        var y = new double[48];
        var dy = new double[48];
        Ht.get_posed_relativesPushforward(names, baseRelatives, pose, y, v, dy);
        AssertClose(fd, dy);
    }

    [Fact]
    public void RelativesToAbsolutes()
    {
        int[] parents = [-1, 0, 1, 0];
        var rel = Random(64, 10);
        var v = Random(64, 11);
        var fd = FiniteDifferences.Directional((t, y) => Ht.relatives_to_absolutes(t, parents, y), rel, v, 64);
        var y = new double[64];
        var dy = new double[64];
        Ht.relatives_to_absolutesPushforward(rel, parents, y, v, dy);
        AssertClose(fd, dy);
    }

    [Fact]
    public void ApplyGlobalTransform()
    {
        int ncols = 5;
        var pose = Random(3 * 4, 12);
        var positions = Random(3 * ncols, 13);
        var x = pose.Concat(positions).ToArray();
        var v = Random(x.Length, 14);
        // positions is transformed in place (in-out): its tangent goes in through dy and comes out transformed.
        var fd = FiniteDifferences.Directional(
            (t, y) => { t.AsSpan(12).CopyTo(y); Ht.apply_global_transform(t.AsSpan(0, 12), ncols, y); }, x, v, 3 * ncols);
        var y = (double[])positions.Clone();
        var dy = v[12..];
        Ht.apply_global_transformPushforward(pose, ncols, y, v.AsSpan(0, 12), dy);
        AssertClose(fd, dy);
    }
}
