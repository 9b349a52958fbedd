// entry: Geo.Route.Length
// args: new double[] { 48.85, 51.51, 52.52, 41.90 }, new double[] { 2.35, -0.13, 13.40, 12.50 }
// expect: works
using System;
using SourceAD;

namespace Geo;

public static partial class Route
{
    private const double EarthRadiusKm = 6371.0;
    private static readonly double DegToRad = Math.PI / 180.0;

    private static double Haversine(double lat1, double lon1, double lat2, double lon2)
    {
        double dLat = (lat2 - lat1) * DegToRad;
        double dLon = (lon2 - lon1) * DegToRad;
        double a = Math.Pow(Math.Sin(dLat / 2), 2) +
                   Math.Cos(lat1 * DegToRad) * Math.Cos(lat2 * DegToRad) * Math.Pow(Math.Sin(dLon / 2), 2);
        return 2 * EarthRadiusKm * Math.Asin(Math.Sqrt(a));
    }

    /// <summary>Great-circle length of a route through the given waypoints, in km.</summary>
    [Differentiable]
    public static double Length(double[] lat, double[] lon)
    {
        double km = 0;
        for (int i = 1; i < lat.Length; i++)
            km += Haversine(lat[i - 1], lon[i - 1], lat[i], lon[i]);
        return km;
    }
}
