using System.Text.Json.Nodes;
using SourceAD.GradBench.Protocol;
using SourceAD.GradBench.Shared;

namespace SourceAD.GradBench.Evals;

/// <summary>
/// GradBench's particle eval (cpp/gradbench/evals/particle.hpp and the drivers of the C++ tools, e.g.
/// tools/ad-hpp/particle.cpp): the control w that makes a charged particle, pushed by the force −∇ₓp of two charges,
/// hit the origin; Euler steps take the inner gradient of the potential, and <see cref="Gd"/> minimizes over w with the
/// outer gradient, through the whole simulation (nested AD).
/// </summary>
public static partial class Particle
{
    private const double PARTICLE_X1_0 = 0.0;
    private const double PARTICLE_X2_0 = 8.0;
    private const double PARTICLE_V1_0 = 0.75;
    private const double PARTICLE_V2_0 = 0.0;
    private const double DELTA_T = 1.0e-1;

    // template <typename T> T dist(T a1, T a2, T b1, T b2)
    private static double dist(double a1, double a2, double b1, double b2)
    {
        return Math.Sqrt((b1 - a1) * (b1 - a1) + (b2 - a2) * (b2 - a2));
    }

    // template <typename T> T potential(T x1, T x2, T w)
    [Differentiable]
    public static double potential(double x1, double x2, double w)
    {
        double distL = dist(x1, x2, 10.0, 0.0);
        double distR = dist(x1, x2, 10.0, 10.0 - w); // force 10-w to T
        return 1 / distL + 1 / distR;
    }

    // grad_x_potential, the inner driver: potential_adjoint_driver (reverse_inner, the inner gradient in reverse mode)
    // or potential_tangent_driver (one pushforward per coordinate). C++ passes it as a template argument; a [Differentiable]
    // method cannot be generic over it (its calls are differentiated by name), so the choice is a passive bool.
    [Differentiable]
    private static (double, double) grad_x_potential(bool reverse_inner, double x1, double x2, double w)
    {
        if (reverse_inner)
        {
            var gradient = potentialGradient(x1, x2, w);
            return (gradient.DX1, gradient.DX2);
        }
        return (potentialPushforward(x1, x2, w, 1.0, 0.0, 0.0).Tangent, potentialPushforward(x1, x2, w, 0.0, 1.0, 0.0).Tangent);
    }

    // template <typename T> std::tuple<T, T, T, T> step_fwd_euler(T x1, T x2, T v1, T v2, T w, T dt)
    [Differentiable]
    private static (double, double, double, double) step_fwd_euler(bool reverse_inner, double x1, double x2, double v1, double v2, double w, double dt)
    {
        double dp_dx1, dp_dx2, a1, a2;
        // std::tie(dp_dx1, dp_dx2) = grad_x_potential(x1, x2, w);
        (dp_dx1, dp_dx2) = grad_x_potential(reverse_inner, x1, x2, w);
        // compute acceleration as mass * charge * -grad p
        a1 = -dp_dx1;
        a2 = -dp_dx2;
        // euler step x^{k+1} = x^k+dt*v^k; v^{k+1} = v^k+dt*a^k
        return (x1 + dt * v1, x2 + dt * v2, v1 + dt * a1, v2 + dt * a2);
    }

    // template <typename T> T compute_particle_intersection_with_xaxis_sqr(T x1, T x2, T v1, T v2, T w, T dt)
    private static double compute_particle_intersection_with_xaxis_sqr(bool reverse_inner, double x1, double x2, double v1, double v2, double w, double dt)
    {
        double x1_next, x2_next, v1_next, v2_next;
        long counter = 0;
        while (counter < 1_000_000)
        {
            counter++;
            (x1_next, x2_next, v1_next, v2_next) = step_fwd_euler(reverse_inner, x1, x2, v1, v2, w, dt);
            if (x2_next < 0)
            {
                break;
            }
            x1 = x1_next;
            x2 = x2_next;
            v1 = v1_next;
            v2 = v2_next;
        }
        double dt_final = -x2 / v2;
        double x1_final = x1 + dt_final * v1;
        return x1_final * x1_final;
    }

    // optim_wrapper::_objective (*out = … is the value), with the reverse-mode inner driver.
    [Differentiable]
    public static double objective_r(double w)
    {
        double x1_0 = PARTICLE_X1_0;
        double x2_0 = PARTICLE_X2_0;
        double v1_0 = PARTICLE_V1_0;
        double v2_0 = PARTICLE_V2_0;

        return compute_particle_intersection_with_xaxis_sqr(true, x1_0, x2_0, v1_0, v2_0, w, DELTA_T);
    }

    // optim_wrapper::_objective, with the forward-mode inner driver.
    [Differentiable]
    public static double objective_f(double w)
    {
        double x1_0 = PARTICLE_X1_0;
        double x2_0 = PARTICLE_X2_0;
        double v1_0 = PARTICLE_V1_0;
        double v2_0 = PARTICLE_V2_0;

        return compute_particle_intersection_with_xaxis_sqr(false, x1_0, x2_0, v1_0, v2_0, w, DELTA_T);
    }
}

/// <summary>gd's FUNC for the argmin over w: the objective, and its gradient in the outer mode.</summary>
internal sealed class particle_optim_wrapper(string function) : IGdFunction
{
    public int input_size() => 1;

    // The objective evaluates with the inner driver of the variant (euler_obj_driver_t), as the C++ tools do.
    public void objective(ReadOnlySpan<double> w, Span<double> @out) =>
        @out[0] = function[1] == 'r' ? Particle.objective_r(w[0]) : Particle.objective_f(w[0]);

    public void gradient(ReadOnlySpan<double> w, Span<double> @out) => @out[0] = function switch
    {
        "rr" => Particle.objective_rGradient(w[0]).DW,
        "fr" => Particle.objective_rPushforward(w[0], 1.0).Tangent,
        "rf" => Particle.objective_fGradient(w[0]).DW,
        "ff" => Particle.objective_fPushforward(w[0], 1.0).Tangent,
        _ => throw new InvalidOperationException(function),
    };
}

/// <summary>
/// The particle module: "ff", "fr", "rf", "rr" (outer mode, inner mode). The inner gradient of the potential is
/// potentialGradient (r) or two potentialPushforwards (f) inside the Euler step; the outer derivative is the generated
/// gradient (r) or pushforward (f) of the objective, through the whole simulation and the inner derivatives.
/// </summary>
public sealed class ParticleEval : IEval
{
    /// <inheritdoc/>
    public string Name => "particle";

    /// <inheritdoc/>
    public EvalRun? Prepare(string function, JsonNode input)
    {
        double w0 = JsonInput.Double(JsonInput.Field(input, "w"));
        if (function is not ("ff" or "fr" or "rf" or "rr")) return null;
        double output = 0;
        return new EvalRun(() => output = Gd.multivariate_argmin(new particle_optim_wrapper(function), [w0])[0], () => output);
    }
}
