// entry: Geo.Haversine.Distance
// args: 0.71, -1.29, 0.68, -1.31
// expect: works
using SourceAD;
using static System.Math;

namespace Geo;

public static partial class Haversine
{
    private const double EarthRadiusKm = 6371.0;

    /// <summary>Great-circle distance between two points given in radians, the way most snippets write it.</summary>
    [Differentiable]
    public static double Distance(double lat1, double lon1, double lat2, double lon2)
    {
        double dLat = lat2 - lat1;
        double dLon = lon2 - lon1;
        double a = Pow(Sin(dLat / 2), 2) + Cos(lat1) * Cos(lat2) * Pow(Sin(dLon / 2), 2);
        double c = 2 * Atan2(Sqrt(a), Sqrt(1 - a));
        return EarthRadiusKm * c;
    }
}
