using SourceAD.Tensors;
using SourceAD.Tensors.Backends;
using TorchSharp;
using F = TorchSharp.torch.nn.functional;
using Tensor = SourceAD.Tensors.Tensor;

namespace SourceAD.TorchSharp;

// Elementwise maps, broadcasting and reductions to a shape.
public sealed partial class TorchBackend
{
    /// <inheritdoc/>
    public void Unary(UnaryKind kind, double parameter, Tensor x, Tensor y)
    {
        using var op = Begin();
        torch.Tensor tx = In(x);
        Store(y, kind switch
        {
            // relu keeps NaN and maps −0 to 0, as the CPU backend does.
            UnaryKind.Relu => F.relu(tx),
            UnaryKind.LeakyRelu => F.leaky_relu(tx, parameter),
            UnaryKind.Tanh => tx.tanh(),
            UnaryKind.Sigmoid => tx.sigmoid(),
            UnaryKind.Scale => tx * RoundTo(parameter, x.DType),
            UnaryKind.Abs => tx.abs(),
            >= UnaryKind.Exp => MathUnary(kind, parameter, tx, x.DType),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown unary op."),
        });
    }

    /// <inheritdoc/>
    public void UnaryDerivativeProduct(UnaryKind kind, double parameter, DerivativePolicy policy, Tensor x, Tensor y, Tensor g, Tensor result)
    {
        using var op = Begin();
        torch.Tensor tg = In(g);
        switch (kind)
        {
            case UnaryKind.Relu:
            case UnaryKind.LeakyRelu:
            {
                torch.Tensor tx = In(x);
                ThrowAtZero(kind.ToString(), tx, policy.Strict);
                // The slope at the kink is computed in the element type as the CPU backend does: s for ReLU, and for
                // leaky ReLU the same s moving from the left slope p (s = 0, PyTorch) to 1.
                double left = kind == UnaryKind.Relu ? 0 : RoundTo(parameter, x.DType);
                double atZero = kind == UnaryKind.Relu
                    ? RoundTo(policy.ReluAtZero, x.DType)
                    : x.DType == DType.Float64
                        ? parameter + policy.ReluAtZero * (1 - parameter)
                        : (float)parameter + (float)policy.ReluAtZero * (1f - (float)parameter);
                if (kind == UnaryKind.Relu && atZero == 0)
                {
                    // The common case in one vectorized pass: sign(x) clamped at 0 is exactly [x > 0] except at NaN, whose
                    // derivative is NaN; a NaN in x or in the product (one sync for both) sends it to the exact path.
                    torch.Tensor fast = tx.sign().clamp_min_(0).mul_(tg);
                    if (!fast.sum().add_(tx.sum()).isnan().item<bool>())
                    {
                        Store(result, fast);
                        break;
                    }
                }
                Store(result, tg * Select(tx, KinkFactors<double>.Of(1.0, left, atZero, policy.Strict), tg.dtype));
                break;
            }
            case UnaryKind.Abs:
            {
                torch.Tensor tx = In(x);
                ThrowAtZero("Abs", tx, policy.Strict);
                Store(result, tg * Select(tx, KinkFactors<double>.Of(1.0, -1.0, RoundTo(policy.AbsAtZero, x.DType), policy.Strict), tg.dtype));
                break;
            }
            case UnaryKind.Tanh:
            {
                torch.Tensor ty = In(y);
                Store(result, tg * (1 - ty * ty));
                break;
            }
            case UnaryKind.Sigmoid:
            {
                torch.Tensor ty = In(y);
                Store(result, tg * (ty * (1 - ty)));
                break;
            }
            case UnaryKind.Scale:
                Store(result, tg * RoundTo(parameter, x.DType));
                break;
            case >= UnaryKind.Exp:
                Store(result, MathDerivative(kind, parameter, In(x), In(y), tg, x.DType));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown unary op.");
        }
    }

    /// <summary>A one-kink derivative's factor at each entry of <paramref name="x"/> (NonsmoothSemantics' cases), as a tensor of <paramref name="type"/>.</summary>
    private torch.Tensor Select(torch.Tensor x, KinkFactors<double> f, torch.ScalarType type) =>
        Select(x.gt(0), x.lt(0), x.eq(0), f.Above, f.Below, f.AtKink, f.AtNaN, type);

    /// <summary>The value of the first condition that holds, in order, else <paramref name="otherwise"/>, as a tensor of <paramref name="type"/>.</summary>
    private torch.Tensor Select(torch.Tensor first, torch.Tensor second, torch.Tensor third, double ifFirst, double ifSecond, double ifThird, double otherwise, torch.ScalarType type)
    {
        torch.Tensor Scalar(double v) => torch.tensor(v, type, TorchDevice);
        return torch.where(first, Scalar(ifFirst), torch.where(second, Scalar(ifSecond), torch.where(third, Scalar(ifThird), Scalar(otherwise))));
    }

    private static void ThrowAtZero(string what, torch.Tensor x, bool strict)
    {
        if (strict && x.eq(0).any().item<bool>())
        {
            long index = x.eq(0).flatten().to_type(torch.ScalarType.Int32).argmax().item<long>();
            throw new NonsmoothPointException($"{what}: input element {index} is exactly 0 under a strict derivative policy.");
        }
    }

    /// <summary><paramref name="value"/> rounded to the element type (float16 computes in float32).</summary>
    private static double RoundTo(double value, DType dtype) => dtype == DType.Float64 ? value : (float)value;

    /// <inheritdoc/>
    public void Binary(BinaryKind kind, Tensor a, Tensor b, Tensor y)
    {
        using var op = Begin();
        torch.Tensor ta = In(a), tb = In(b);
        Store(y, kind switch
        {
            BinaryKind.Add => ta + tb,
            BinaryKind.Sub => ta - tb,
            BinaryKind.Mul => ta * tb,
            BinaryKind.Div => ta / tb,
            BinaryKind.Maximum => torch.maximum(ta, tb),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown binary op."),
        });
    }

    /// <inheritdoc/>
    public void SumTo(Tensor x, Tensor y)
    {
        using var op = Begin();
        ReadOnlySpan<long> axes = ReducedAxes(x.Shape, y.Shape, stackalloc long[x.Rank]);
        if (axes.Length == 0)
        {
            Write(y, In(x).view(ShapeOf(y)));
            return;
        }
        // Accumulated in double as on the CPU backend: a float32 sum of many terms that cancel (a scalar Sum's tangent over
        // 70,001 elements) otherwise misses the CPU's result by more than the suite's 1e-5.
        torch.Tensor sum = In(x).sum(axes, keepdim: true, type: torch.ScalarType.Float64).to_type(ComputeType(y.DType));
        Store(y, x.Rank == y.Rank ? sum : sum.view(ShapeOf(y)));
    }

    /// <inheritdoc/>
    public void BroadcastTo(Tensor x, Tensor y)
    {
        using var op = Begin();
        Write(y, In(x).expand_as(View(y)));
    }

    /// <inheritdoc/>
    public void AddBias(Tensor y, Tensor bias, int axis)
    {
        using var op = Begin();
        torch.Tensor ty = Out(y).View(y.Shape), tb = PerAxis(bias, y.Rank, axis);
        if (y.DType == DType.Float16)
        {
            ty.copy_(ty.to(torch.ScalarType.Float32) + tb);
        }
        else
        {
            ty.add_(tb);
        }
    }

    /// <inheritdoc/>
    public void SumToBias(Tensor x, Tensor bias, int axis)
    {
        using var op = Begin();
        Span<long> axes = stackalloc long[Math.Max(0, x.Rank - 1)];
        for (int i = 0, k = 0; i < x.Rank; i++)
        {
            if (i != axis)
            {
                axes[k++] = i;
            }
        }
        Store(bias, In(x).sum(axes, keepdim: false));
    }

    /// <summary>
    /// The axes of x a reduction to y's shape (right-aligned) sums away: the leading axes y lacks and those where y has
    /// size 1 and x does not. Written into <paramref name="buffer"/>.
    /// </summary>
    private static ReadOnlySpan<long> ReducedAxes(ReadOnlySpan<int> x, ReadOnlySpan<int> y, Span<long> buffer)
    {
        int lead = x.Length - y.Length, count = 0;
        for (int i = 0; i < x.Length; i++)
        {
            if (i < lead || (y[i - lead] == 1 && x[i] != 1))
            {
                buffer[count++] = i;
            }
        }
        return buffer[..count];
    }

    /// <summary>The tensor's shape as libtorch sizes (a new array: for calls that need one).</summary>
    private static long[] ShapeOf(Tensor t)
    {
        var shape = new long[t.Rank];
        for (int i = 0; i < shape.Length; i++)
        {
            shape[i] = t.Shape[i];
        }
        return shape;
    }
}
