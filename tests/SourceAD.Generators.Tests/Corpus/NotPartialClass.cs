// entry: Plain.Helpers.Cube
// args: 1.5
// expect: refused
using SourceAD;

namespace Plain;

public static class Helpers
{
    [Differentiable]
    public static double Cube(double x) => x * x * x;
}
