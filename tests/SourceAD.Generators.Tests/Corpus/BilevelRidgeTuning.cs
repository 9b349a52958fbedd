// entry: Tuning.Ridge.ValidationLoss
// args: 0.3, 0.2
// expect: works
using System;
using SourceAD;

namespace Tuning;

public static partial class Ridge
{
    /// <summary>Mean squared error of the line w·x + b on a small training set, plus a ridge penalty.</summary>
    [Differentiable]
    public static double TrainingLoss(double w, double b, double lambda)
    {
        double loss = 0;
        for (int i = 0; i < 5; i++)
        {
            double x = 0.5 * i - 1;
            double y = 2 * x + 0.3 + 0.1 * Math.Sin(3 * x);
            double r = w * x + b - y;
            loss += r * r;
        }
        return loss / 5 + lambda * (w * w + b * b);
    }

    /// <summary>
    /// Bilevel tuning: fit the line by gradient descent on the training loss, then score it on a held-out point. Its
    /// derivative in the penalty and the step size goes through every descent step (nested AD).
    /// </summary>
    [Differentiable]
    public static double ValidationLoss(double lambda, double eta)
    {
        double w = 0, b = 0;
        for (int step = 0; step < 20; step++)
        {
            var (_, dw, db, _) = TrainingLossGradient(w, b, lambda);
            w -= eta * dw;
            b -= eta * db;
        }
        double r = w * 1.5 + b - 3.3;
        return r * r;
    }
}
