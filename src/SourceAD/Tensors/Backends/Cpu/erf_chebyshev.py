# Makes GeluFloat32.cs's Chebyshev coefficients (python3 erf_chebyshev.py 10 16) and checks them against math.erf and
# math.erfc on a dense grid: erf(a) = a*P(a^2) on [0,1], 1 - exp(-a^2)*Q(a) on [1,4] (interpolation at Chebyshev nodes).
import math
def cheb(f, lo, hi, n):
    nodes = [math.cos(math.pi * (k + 0.5) / n) for k in range(n)]
    vals = [f(lo + (hi - lo) * (t + 1) / 2) for t in nodes]
    return [(2.0 if j else 1.0) / n * sum(vals[k] * math.cos(math.pi * j * (k + 0.5) / n) for k in range(n)) for j in range(n)]
def clenshaw(c, t):
    b1 = b2 = 0.0
    for cj in reversed(c[1:]):
        b1, b2 = 2 * t * b1 - b2 + cj, b1
    return t * b1 - b2 + c[0]
def f1(s):
    if s == 0: return 2 / math.sqrt(math.pi)
    a = math.sqrt(s); return math.erf(a) / a
def f2(a): return math.erfc(a) * math.exp(a * a)
import sys
n1, n2 = int(sys.argv[1]), int(sys.argv[2])
c1 = cheb(f1, 0, 1, n1); c2 = cheb(f2, 1, 4, n2)
def erf(a):
    if a < 1: return a * clenshaw(c1, 2 * a * a - 1)
    if a < 4: return 1 - math.exp(-a * a) * clenshaw(c2, (2 * a - 5) / 3)
    return 1.0
worst = 0; worstc = 0
for i in range(1, 400001):
    a = 4.5 * i / 400000
    e = math.erf(a); worst = max(worst, abs(erf(a) - e) / e if a < 4 else 0)
    ec = math.erfc(a); worstc = max(worstc, abs((1 - erf(a)) - ec) / ec if a < 4 else 0)
print("n1", n1, "n2", n2, "max rel err erf", worst, "max rel err erfc (a<4)", worstc)
print("c1", [repr(x) for x in c1]); print("c2", [repr(x) for x in c2])
