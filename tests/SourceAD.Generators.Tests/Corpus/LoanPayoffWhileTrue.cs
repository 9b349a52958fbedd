// entry: Finance.Mortgage.TotalInterest
// args: 20000.0, 0.055, 450.0
// expect: works
// Round 20. Paying off a loan month by month in `while (true)`: interest accrues, the payment is Math.Min of the
// instalment and what is owed, and the loop breaks when the balance reaches zero (or after 600 months).
using System;
using SourceAD;

namespace Finance;

public static partial class Mortgage
{
    [Differentiable]
    public static double TotalInterest(double principal, double annualRate, double instalment)
    {
        double balance = principal, interestPaid = 0.0;
        int month = 0;
        while (true)
        {
            double interest = balance * annualRate / 12;
            interestPaid += interest;
            balance += interest;
            balance -= Math.Min(instalment, balance);
            month++;
            if (balance <= 0 || month == 600) break;
        }
        return interestPaid;
    }
}
