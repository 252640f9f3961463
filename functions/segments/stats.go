package segments

import (
	"math"

	"gonum.org/v1/gonum/stat/distuv"
)

// Statistics for uplift: pure functions over counts and moments, so the
// math is tested without a server. Every result holds NaN where it is
// undefined (no variance, an empty group); the SQL adapter turns NaN
// into NULL.

// z975 is the two-sided 95% quantile of the standard normal, Φ⁻¹(0.975).
var z975 = distuv.UnitNormal.Quantile(0.975)

// Test is the result of comparing a treated and a control group on one
// metric: Diff = treated − control, its 95% confidence interval, the
// test statistic and its two-sided p-value.
type Test struct {
	Diff, Low, High float64
	Stat, DF, P     float64
}

// TwoProportionZ compares conversion rates x1/n1 (treated) and x2/n2
// (control) with the two-proportion z-test: the statistic uses the
// pooled proportion p = (x1+x2)/(n1+n2), z = (p1−p2)/√(p(1−p)(1/n1+1/n2)),
// p-value 2(1−Φ(|z|)); the confidence interval uses the unpooled (Wald)
// standard error √(p1(1−p1)/n1 + p2(1−p2)/n2), as textbooks do for an
// interval on the difference. DF is +Inf (a normal test).
func TwoProportionZ(x1, n1, x2, n2 int64) Test {
	t := Test{Diff: math.NaN(), Low: math.NaN(), High: math.NaN(), Stat: math.NaN(), DF: math.Inf(1), P: math.NaN()}
	if n1 <= 0 || n2 <= 0 {
		return t
	}
	f1, f2 := float64(n1), float64(n2)
	p1, p2 := float64(x1)/f1, float64(x2)/f2
	t.Diff = p1 - p2
	se := math.Sqrt(p1*(1-p1)/f1 + p2*(1-p2)/f2)
	t.Low, t.High = t.Diff-z975*se, t.Diff+z975*se
	p := float64(x1+x2) / (f1 + f2)
	sePooled := math.Sqrt(p * (1 - p) * (1/f1 + 1/f2))
	if sePooled == 0 {
		return t // both groups all-or-nothing alike: no test
	}
	t.Stat = t.Diff / sePooled
	t.P = 2 * distuv.UnitNormal.Survival(math.Abs(t.Stat))
	return t
}

// Moments summarises a sample: n, Σx and Σx² (enough for Welch's test;
// customers without a purchase contribute x = 0).
type Moments struct {
	N          int64
	Sum, SumSq float64
}

// Add adds one observation.
func (m *Moments) Add(x float64) { m.N++; m.Sum += x; m.SumSq += x * x }

// Mean is Σx/n (NaN for an empty sample).
func (m Moments) Mean() float64 {
	if m.N == 0 {
		return math.NaN()
	}
	return m.Sum / float64(m.N)
}

// Var is the unbiased sample variance (n−1 denominator; NaN below n = 2).
func (m Moments) Var() float64 {
	if m.N < 2 {
		return math.NaN()
	}
	n := float64(m.N)
	v := (m.SumSq - m.Sum*m.Sum/n) / (n - 1)
	return math.Max(v, 0) // rounding can leave a tiny negative
}

// WelchT compares the means of a (treated) and b (control) with Welch's
// unequal-variances t-test: se = √(s1²/n1 + s2²/n2), t = (m1−m2)/se,
// Welch–Satterthwaite df = se⁴ / ((s1²/n1)²/(n1−1) + (s2²/n2)²/(n2−1)),
// two-sided p-value from Student's t with df, and the interval
// (m1−m2) ± t₀.₉₇₅(df)·se.
func WelchT(a, b Moments) Test {
	t := Test{Diff: a.Mean() - b.Mean(), Low: math.NaN(), High: math.NaN(), Stat: math.NaN(), DF: math.NaN(), P: math.NaN()}
	va, vb := a.Var(), b.Var()
	if math.IsNaN(va) || math.IsNaN(vb) {
		return t
	}
	qa, qb := va/float64(a.N), vb/float64(b.N)
	se := math.Sqrt(qa + qb)
	if se == 0 {
		return t // both samples constant: no test
	}
	t.Stat = t.Diff / se
	t.DF = (qa + qb) * (qa + qb) / (qa*qa/float64(a.N-1) + qb*qb/float64(b.N-1))
	st := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: t.DF}
	t.P = 2 * st.Survival(math.Abs(t.Stat))
	q := st.Quantile(0.975)
	t.Low, t.High = t.Diff-q*se, t.Diff+q*se
	return t
}

// Relative is the relative uplift (treated − control) / control, NaN
// when the control value is zero or undefined.
func Relative(treated, control float64) float64 {
	if control == 0 || math.IsNaN(control) {
		return math.NaN()
	}
	return (treated - control) / control
}
