// entry: Billing.Invoice.Total
// args: 12.5, 3.0, 0.2
// expect: refused
// Money in decimal: (decimal)x of a differentiated value is refused with the rewrite (compute in double). It was a
// silent derivative of 0 with only the integer-cast warning SRCAD0101, although (decimal)x is x to 28 digits.
using System;
using SourceAD;

namespace Billing;

public static partial class Invoice
{
    /// <summary>A price computed in decimal, as money code does, converted back to double for the optimizer.</summary>
    [Differentiable]
    public static double Total(double unitPrice, double quantity, double taxRate)
    {
        decimal net = (decimal)unitPrice * (decimal)quantity;
        decimal tax = net * (decimal)taxRate;
        return (double)(net + tax);
    }
}
