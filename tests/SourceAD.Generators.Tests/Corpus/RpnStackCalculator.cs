// entry: Calc.Rpn.Evaluate
// args: 2.0, 3.5, 0.7
// expect: works
// A reverse-Polish formula evaluated with a Stack<double>; the tokens are fixed, the variables are the inputs.
using System;
using System.Collections.Generic;
using SourceAD;

namespace Calc;

public static partial class Rpn
{
    private static readonly string[] Tokens = { "a", "b", "+", "c", "*", "a", "sin", "-" };

    [Differentiable]
    public static double Evaluate(double a, double b, double c)
    {
        var stack = new Stack<double>();
        foreach (string token in Tokens)
        {
            switch (token)
            {
                case "a": stack.Push(a); break;
                case "b": stack.Push(b); break;
                case "c": stack.Push(c); break;
                case "sin": stack.Push(Math.Sin(stack.Pop())); break;
                case "+": { double r = stack.Pop(), l = stack.Pop(); stack.Push(l + r); break; }
                case "-": { double r = stack.Pop(), l = stack.Pop(); stack.Push(l - r); break; }
                case "*": { double r = stack.Pop(), l = stack.Pop(); stack.Push(l * r); break; }
            }
        }
        return stack.Pop();
    }
}
