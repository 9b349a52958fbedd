using MnistLeNet;
using SourceAD.Tensors;
using Tensor = SourceAD.Tensors.Tensor;

namespace SourceAD.Distributed.Tests;

/// <summary>The reduction on one process (the reference every distributed run must equal) against independent sums.</summary>
public sealed class ReductionTests
{
    [Fact]
    public void Shards_are_weighted_then_summed_left_to_right_in_shard_order()
    {
        var rng = new Random(5);
        float[][] g = Enumerable.Range(0, 3).Select(_ => Enumerable.Range(0, 1000).Select(_ => (float)(rng.NextDouble() * 2e3 - 1e3)).ToArray()).ToArray();
        double[] w = [0.3, 0.5, 0.2];
        var reducer = new GradientAllReduce<float>(Communicator.Single, [400, 600], 3, bucketBytes: 256);
        for (int s = 0; s < 3; s++)
        {
            reducer.SetShard(s, g[s], w[s]);
        }
        float[] result = reducer.Reduce().ToArray();
        for (int i = 0; i < 1000; i++)
        {
            float expected = g[0][i] * (float)w[0];
            expected += g[1][i] * (float)w[1];
            expected += g[2][i] * (float)w[2];
            Assert.Equal(BitConverter.SingleToInt32Bits(expected), BitConverter.SingleToInt32Bits(result[i]));
        }
    }

    [Fact]
    public void An_empty_shard_is_left_out_and_a_sum_starts_as_a_copy_of_its_first_term()
    {
        var reducer = new GradientAllReduce<double>(Communicator.Single, [2], 2);
        reducer.SkipShard(0);
        reducer.SetShard(1, [-0.0, 3.0], 1);
        double[] result = reducer.Reduce().ToArray();
        // 0 + (−0) would be +0.
        Assert.True(double.IsNegative(result[0]));
        Assert.Equal(3.0, result[1]);
    }

    [Fact]
    public void One_process_owns_the_whole_vector()
    {
        var reducer = new GradientAllReduce<float>(Communicator.Single, [3, 5, 7, 1], 1, bucketBytes: 400);
        Assert.Equal(16, reducer.Length);
        Assert.Equal((0, 16), reducer.ChunkOf(0));
    }

    [Fact]
    public void The_loss_is_the_weighted_sum_of_the_shards_losses_in_shard_order()
    {
        var reducer = new GradientAllReduce<double>(Communicator.Single, [1], 3);
        reducer.SetShard(0, [0.0], 0.25, loss: 0.1);
        reducer.SkipShard(1);
        reducer.SetShard(2, [0.0], 0.75, loss: 0.7);
        reducer.Reduce();
        Assert.Equal(BitConverter.DoubleToInt64Bits(0.25 * 0.1 + 0.75 * 0.7), BitConverter.DoubleToInt64Bits(reducer.Loss));
        Assert.False(reducer.StopRequested);
        reducer.Reduce(requestStop: true);
        Assert.True(reducer.StopRequested);
    }

    [Fact]
    public void The_nonfinite_check_names_the_parameter()
    {
        var reducer = new GradientAllReduce<float>(Communicator.Single, [2, 3], 1, ["A", "B"]);
        reducer.SetShard(0, [1f, 2f, 3f, float.NaN, 5f], 1);
        var e = Assert.Throws<CollectiveException>(() => reducer.Reduce("step 4"));
        Assert.Equal(0, e.Rank);
        Assert.Contains("Rank 0 diverged at step 4: the gradient of B is NaN at element 1 (shard 0)", e.Message);
    }

    [Fact]
    public void LeNet5_gradients_of_two_half_batches_weighted_by_a_half_sum_to_the_gradient_of_the_batch()
    {
        using var model = new LeNet5(seed: 3);
        var rng = new SeededRandom(9);
        float[] pixels = Enumerable.Range(0, 8 * 28 * 28).Select(_ => (float)rng.NextDouble()).ToArray();
        int[] labels = [3, 1, 4, 1, 5, 9, 2, 6];
        using Tensor all = Tensor.FromArray(pixels, 8, 1, 28, 28);
        Tensor[] whole = model.LossAndGradients(all, labels, out _);
        float[] expected = new float[TensorList.Length(whole)];
        TensorList.Gather<float>(whole, expected);

        var reducer = new GradientAllReduce<float>(Communicator.Single, model.Parameters, 2);
        for (int s = 0; s < 2; s++)
        {
            using Tensor half = Tensor.FromArray(pixels[(s * 4 * 784)..((s + 1) * 4 * 784)], 4, 1, 28, 28);
            Tensor[] g = model.LossAndGradients(half, labels[(s * 4)..((s + 1) * 4)], out _);
            reducer.SetShard(s, g, 0.5);
        }
        float[] sharded = reducer.Reduce().ToArray();
        double scale = expected.Max(v => Math.Abs(v));
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(sharded[i] - expected[i]) <= 1e-5 * scale, $"element {i}: {sharded[i]} vs {expected[i]}");
        }
    }

    [Fact]
    public void A_model_signature_lists_dtypes_and_shapes_and_one_process_always_agrees()
    {
        Tensor[] p = [Tensor.Zeros([6, 1, 5, 5]), Tensor.Zeros([6], DType.Float64)];
        Assert.Equal("float32[6,1,5,5] float64[6]", ParameterBroadcast.Signature(p));
        ParameterBroadcast.VerifySameModel(Communicator.Single, p);
    }
}
