// entry: Structures.FiberSection.MomentAfterAxialCorrection
// args: new double[] { -150.0, -90.0, -30.0, 30.0, 90.0, 150.0 }, new double[] { 1200.0, 800.0, 800.0, 800.0, 800.0, 1200.0 }, 2.0e-5, 4.0e-4, 5.0e5
// expect: works
// A fiber section with a bilinear steel law returning (stress, tangent) from a switch expression with when guards,
// one Newton correction of the axial strain, then the section moment (round 14: tuple-valued switch and ?:).
using System;
using SourceAD;

namespace Structures;

public static partial class FiberSection
{
    private const double Youngs = 200_000.0;     // MPa
    private const double Yield = 355.0;          // MPa
    private const double Hardening = 0.01 * Youngs;
    private const double YieldStrain = Yield / Youngs;

    /// <summary>Bilinear elastic–hardening steel: stress and tangent modulus at a strain.</summary>
    private static (double Stress, double Tangent) Steel(double strain) => strain switch
    {
        var e when e > YieldStrain => (Yield + Hardening * (e - YieldStrain), Hardening),
        var e when e < -YieldStrain => (-Yield + Hardening * (e + YieldStrain), Hardening),
        var e => (Youngs * e, Youngs),
    };

    /// <summary>
    /// Section moment at the given curvature after one Newton step on the axial strain towards the axial load.
    /// Fibers are at heights y (mm) with areas (mm²); compression is negative.
    /// </summary>
    [Differentiable]
    public static double MomentAfterAxialCorrection(double[] fiberY, double[] fiberArea, double curvature, double axialStrain, double axialLoad)
    {
        double axial = 0, stiffness = 0;
        for (int i = 0; i < fiberY.Length; i++)
        {
            double strain = axialStrain - curvature * fiberY[i];
            var (stress, tangent) = Steel(strain);
            axial += stress * fiberArea[i];
            stiffness += tangent * fiberArea[i];
        }

        double corrected = axialStrain - (axial - axialLoad) / stiffness;

        double moment = 0;
        for (int i = 0; i < fiberY.Length; i++)
        {
            moment -= Steel(corrected - curvature * fiberY[i]).Stress * fiberArea[i] * fiberY[i];
        }
        return moment / 1e6; // kN·m
    }
}
