namespace SourceAD.Tests.Programs.Constructs;

public enum Shape { Circle, Square, Triangle }

/// <summary>switch statements and expressions over enums, ints and doubles; patterns in conditions.</summary>
public static partial class SwitchPrograms
{
    /// <summary>An enum switch whose sections return.</summary>
    [Differentiable]
    public static double Area(double r, double scale, Shape shape)
    {
        switch (shape)
        {
            case Shape.Circle:
                return Math.PI * r * r * scale;
            case Shape.Square:
                return r * r * scale;
            default:
                return Math.Sqrt(3) / 4 * r * r * scale;
        }
    }

    /// <summary>A switch expression on a double: relational, and/or/not and discard patterns.</summary>
    [Differentiable]
    public static double Piecewise(double x, double y)
    {
        double s = x switch
        {
            < -1 => -x * y,
            >= -1 and < 1 => x * x * y,
            not (< 1 or > 5) => Math.Sin(x) + y,
            _ => Math.Log(x) * y,
        };
        return s * y;
    }

    /// <summary>A switch statement on an int inside a loop: shared labels, a when guard, a relational label, continue, default.</summary>
    [Differentiable]
    public static double Modes(double x, double y, int mode)
    {
        double acc = y;
        for (int i = 0; i < 4; i++)
        {
            switch (mode + i)
            {
                case 0:
                case 1:
                    acc += x * i;
                    break;
                case 2 when x > 0:
                    acc += Math.Exp(x) * acc;
                    break;
                case > 3:
                    acc -= x * acc;
                    continue;
                default:
                    acc += 1;
                    break;
            }
            acc *= 1.5;
        }
        return acc;
    }

    /// <summary>A switch statement on an int: shared labels, a when guard, a relational label, default.</summary>
    [Differentiable]
    public static double Mode(double x, double y, int mode)
    {
        double acc = y;
        switch (mode)
        {
            case 0:
            case 1:
                acc += x * mode;
                break;
            case 2 when x > 0:
                acc += Math.Exp(x) * acc;
                break;
            case > 3:
                acc -= x * acc;
                break;
            default:
                acc += 1;
                break;
        }
        return acc * x;
    }

    /// <summary>is patterns in conditions; the division is never evaluated at x = 0.</summary>
    [Differentiable]
    public static double IsPatterns(double x, double y)
    {
        if (x is > 0 and < 2 || y is < -1) return x * y;
        return x is not 0.0 ? y / x : y * y;
    }

    /// <summary>A switch expression on an enum, with a when guard that reads the subject.</summary>
    [Differentiable]
    public static double Loss(double prediction, double target, Shape kind) => kind switch
    {
        Shape.Circle => (prediction - target) * (prediction - target),
        Shape.Square when prediction > target => prediction - target,
        Shape.Square => target - prediction,
        _ => Math.Log(1 + Math.Exp(prediction - target)),
    };
}
