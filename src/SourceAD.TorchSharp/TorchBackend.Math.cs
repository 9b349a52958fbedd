using SourceAD.Tensors;
using SourceAD.Tensors.Backends;
using TorchSharp;
using F = TorchSharp.torch.nn.functional;

namespace SourceAD.TorchSharp;

// The elementwise math kinds (UnaryKind.Exp on): libtorch's own functions for the primals, and the derivative formulas
// of SourceAD's ElementwiseMath written with libtorch ops.
public sealed partial class TorchBackend
{
    private const double GeluKappa = 0.044715;

    private static torch.Tensor MathUnary(UnaryKind kind, double parameter, torch.Tensor x, DType dtype)
    {
        double p = RoundTo(parameter, dtype);
        return kind switch
        {
            UnaryKind.Exp => x.exp(),
            UnaryKind.Log => x.log(),
            UnaryKind.Sqrt => x.sqrt(),
            UnaryKind.Rsqrt => x.rsqrt(),
            UnaryKind.Square => x.square(),
            UnaryKind.Pow => x.pow(p),
            UnaryKind.ClampMin => x.clamp_min(p),
            UnaryKind.ClampMax => x.clamp_max(p),
            UnaryKind.GeluTanh => x * 0.5 * (1 + (Math.Sqrt(2 / Math.PI) * (x + GeluKappa * x * x * x)).tanh()),
            UnaryKind.GeluErf => F.gelu(x),
            UnaryKind.Silu => F.silu(x),
            UnaryKind.Softplus => F.softplus(x),
            UnaryKind.Elu => F.elu(x, p),
            UnaryKind.AddScalar => x + p,
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown unary op."),
        };
    }

    private static torch.Tensor MathDerivative(UnaryKind kind, double parameter, torch.Tensor x, torch.Tensor y, torch.Tensor g, DType dtype)
    {
        double p = RoundTo(parameter, dtype);
        switch (kind)
        {
            case UnaryKind.Exp: return g * y;
            case UnaryKind.Log: return g / x;
            case UnaryKind.Sqrt: return g / (y + y);
            case UnaryKind.Rsqrt: return g * (y * y * y * -0.5);
            case UnaryKind.Square: return g * (x + x);
            case UnaryKind.Pow: return p == 0 ? torch.zeros_like(g) : g * (x.pow(p - 1) * p);
            case UnaryKind.ClampMin: return g * x.ge(p).to(g.dtype);
            case UnaryKind.ClampMax: return g * x.le(p).to(g.dtype);
            case UnaryKind.GeluTanh:
            {
                double k = Math.Sqrt(2 / Math.PI);
                torch.Tensor t = (k * (x + GeluKappa * x * x * x)).tanh();
                return g * (0.5 * (1 + t) + 0.5 * x * (1 - t * t) * k * (1 + 3 * GeluKappa * x * x));
            }
            case UnaryKind.GeluErf:
            {
                torch.Tensor phi = (-0.5 * x * x).exp() / Math.Sqrt(2 * Math.PI);
                return g * (0.5 * (1 + (x / Math.Sqrt(2)).erf()) + x * phi);
            }
            case UnaryKind.Silu:
            {
                torch.Tensor s = x.sigmoid();
                return g * (s * (1 + x * (1 - s)));
            }
            case UnaryKind.Softplus:
            {
                torch.Tensor z = x.exp();
                return torch.where(x.gt(ElementwiseMath.SoftplusThreshold), g, g * (z / (z + 1)));
            }
            case UnaryKind.Elu: return torch.where(x.gt(0), g, g * (x.exp() * p));
            case UnaryKind.AddScalar: return g.clone();
            default: throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown unary op.");
        }
    }
}
