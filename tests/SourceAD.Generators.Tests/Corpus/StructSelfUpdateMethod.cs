// entry: Finance.Account.Grow
// args: 1000.0, 0.05, 0.002
// expect: works
using System;
using SourceAD;

namespace Finance;

public struct Balance
{
    public double Amount;
    public double Fees;

    public void Accrue(double rate, double fee)
    {
        double interest = Amount * rate;
        Amount += interest - fee * Amount;
        Fees += fee * Amount;
    }
}

public static partial class Account
{
    /// <summary>Twelve monthly accruals on a struct held in an array, updated through its mutating method.</summary>
    [Differentiable]
    public static double Grow(double principal, double annualRate, double fee)
    {
        var accounts = new Balance[2];
        accounts[0].Amount = principal;
        accounts[1].Amount = principal * 0.5;
        for (int m = 0; m < 12; m++)
        {
            accounts[0].Accrue(annualRate / 12, fee);
            accounts[1].Accrue(annualRate / 6, fee * 2);
        }
        return accounts[0].Amount + accounts[1].Amount - accounts[0].Fees;
    }
}
