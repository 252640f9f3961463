package exec

import (
	"math"
	"math/big"
	"math/bits"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/expression"

	"github.com/cohortdb/cohortdb/engine/mysqlfn"
)

// A SUM of DECIMAL quotients (SUM(amount / 1.19)) adds each row's
// quotient as MySQL computes it (mysqlfn.Quotient): truncated at the
// division's internal digits, 18 for two DECIMAL(p,2), which no int64 at
// that scale holds. quotSumAcc computes the quotients from the operands
// in 128 bits, adds them in 128 bits and rounds the sum (or the average)
// to the result's scale once, half away from zero, as MySQL rounds the
// value it sends.

// quotientSum compiles SUM(a / b) or AVG(a / b) of exact operands.
func (s *AggSpec) quotientSum(d aggDef, q *mysqlfn.Quotient, e sql.Expression) (aggDef, error) {
	refused := unsupported("%s: a sum of DECIMAL quotients", e)
	if d.distinct {
		return d, refused
	}
	l, r, err := s.ec.compileBoth(q.LeftChild, q.RightChild)
	if err != nil {
		return d, err
	}
	sl, _, okl := decimalShape(l.Type(), q.LeftChild)
	sr, _, okr := decimalShape(r.Type(), q.RightChild)
	dt, dec := q.Type().(sql.DecimalType)
	if !okl || !okr || !dec {
		return d, refused
	}
	k, drop := q.Digits()-sl+sr, q.Digits()-int32(dt.Scale())
	if k < 0 || k > 19 || drop < 0 || drop > 18 {
		return d, refused
	}
	d.args = []Expr{l, r}
	d.in = ColType{Phys: PDec, Scale: int32(dt.Scale()), SQL: dt}
	m := uint64(1)
	for range k { // 10^k, k up to 19: past pow10's int64
		m *= 10
	}
	d.quot = &quotShape{m: m, drop: drop, avg: d.kind == aggAvg}
	return d, nil
}

// productSum compiles SUM(a * b) or AVG(a * b) of exact operands whose
// product's DECIMAL type is wider than a scaled int64 holds (DECIMAL(12,2)
// × DECIMAL(18,8) is DECIMAL(28,10)): each product is exact in 128 bits
// at the scale sa + sb MySQL gives it, the sums are added in 128 bits,
// and a sum (or average) past the int64 at that scale is an overflow
// error, as a DECIMAL sum's is.
func (s *AggSpec) productSum(d aggDef, m *expression.Arithmetic, e sql.Expression) (aggDef, error) {
	refused := unsupported("%s: a sum of wide DECIMAL products", e)
	if d.distinct {
		return d, refused
	}
	l, r, err := s.ec.compileBoth(m.LeftChild, m.RightChild)
	if err != nil {
		return d, err
	}
	sl, _, okl := decimalShape(l.Type(), m.LeftChild)
	sr, _, okr := decimalShape(r.Type(), m.RightChild)
	dt, dec := m.Type().(sql.DecimalType)
	if !okl || !okr || !dec || sl+sr != int32(dt.Scale()) || sl+sr > 18 {
		return d, refused
	}
	d.args = []Expr{l, r}
	d.in = ColType{Phys: PDec, Scale: int32(dt.Scale()), SQL: dt}
	d.quot = &quotShape{m: 1, avg: d.kind == aggAvg, prod: true}
	return d, nil
}

// isWideDecimal: a DECIMAL no scaled int64 holds.
func isWideDecimal(t sql.Type) bool {
	dt, ok := t.(sql.DecimalType)
	return ok && dt.Precision() > maxScaledPrecision
}

// quotShape is how a quotient sum scales: the dividend by m (10^k)
// before dividing, the sum down by 10^drop to the quotient's scale
// (SUM's); AVG's result has 4 more decimals. prod: the rows' values are
// the operands' products, not their quotients (m 1, drop 0).
type quotShape struct {
	m    uint64
	drop int32
	avg  bool
	prod bool
}

// quotSumAcc is SUM(a / b) or AVG(a / b) per group: 128-bit sums (hi, lo) of the
// quotients at their internal digits, and how many rows were added.
type quotSumAcc struct {
	shape quotShape
	hi    []int64
	lo    []uint64
	c     []int64
	zeros int64 // rows divided by zero: NULL quotients, warned at emit
}

func (a *quotSumAcc) resize(n int) {
	a.hi, a.lo, a.c = growZero(a.hi, n), growZero(a.lo, n), growZero(a.c, n)
}

func (a *quotSumAcc) update(gids []int32, args []*Vec, n int) error {
	l, r, m := args[0], args[1], a.shape.m
	for i, g := range gids[:n] {
		if l.IsNull(i) || r.IsNull(i) {
			continue
		}
		if a.shape.prod {
			hi, lo := product128(l.I[i], r.I[i])
			if !a.add(g, hi, lo) {
				return errDecimalOverflow
			}
			a.c[g]++
			continue
		}
		if r.I[i] == 0 {
			a.zeros++
			continue
		}
		hi, lo := quotient128(l.I[i], r.I[i], m)
		if !a.add(g, hi, lo) {
			return errDecimalOverflow
		}
		a.c[g]++
	}
	return nil
}

// add adds the 128-bit (hi, lo) to group g's sum; false on overflow.
func (a *quotSumAcc) add(g int32, hi int64, lo uint64) bool {
	var carry uint64
	a.lo[g], carry = bits.Add64(a.lo[g], lo, 0)
	h, ok := arithInt('+', a.hi[g], hi)
	if !ok {
		return false
	}
	h, ok = arithInt('+', h, int64(carry))
	a.hi[g] = h
	return ok
}

func (a *quotSumAcc) merge(o acc, m []int32) error {
	b := o.(*quotSumAcc)
	a.zeros += b.zeros
	for g := range b.c {
		d := m[g]
		if d < 0 {
			continue
		}
		if !a.add(d, b.hi[g], b.lo[g]) {
			return errDecimalOverflow
		}
		a.c[d] += b.c[g]
	}
	return nil
}

func (a *quotSumAcc) emit(ctx *sql.Context, g0, n int, out *Vec) error {
	for range min(a.zeros, maxZeroWarnings) {
		ctx.Warn(1365, "Division by 0")
	}
	a.zeros = 0
	m := uint64(pow10(a.shape.drop))
	for j := range n {
		g := g0 + j
		if a.c[g] == 0 {
			out.setNull(j, n)
			continue
		}
		x, ok := round128(a.hi[g], a.lo[g], m)
		if a.shape.avg {
			x, ok = a.average(g)
		}
		if !ok {
			return errDecimalOverflow
		}
		out.I[j] = x
	}
	return nil
}

// average is group g's AVG: its sum over its count, rounded half away
// from zero at the quotient's scale + 4 (mysqlfn's DivRound), in
// math/big: the divisor, count × 10^(drop-4), may pass 64 bits.
func (a *quotSumAcc) average(g int) (int64, bool) {
	num := new(big.Int).Lsh(big.NewInt(a.hi[g]), 64)
	num.Add(num, new(big.Int).SetUint64(a.lo[g]))
	den := big.NewInt(a.c[g])
	if e := a.shape.drop - 4; e >= 0 {
		den.Mul(den, new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(e)), nil))
	} else {
		num.Mul(num, new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(-e)), nil))
	}
	neg := num.Sign() < 0
	q, r := new(big.Int).QuoRem(num.Abs(num), den, new(big.Int))
	if r.Lsh(r, 1).Cmp(den) >= 0 {
		q.Add(q, big.NewInt(1))
	}
	if neg {
		q.Neg(q)
	}
	return q.Int64(), q.IsInt64()
}

// maxZeroWarnings bounds the warnings one sum gives for its divisions by
// zero (MySQL keeps max_error_count, 64, of them).
const maxZeroWarnings = 64

// quotient128 is a × m / b truncated toward zero, in 128 bits (a×m fits
// them: |a| < 2^63, m ≤ 10^19).
func quotient128(a, b int64, m uint64) (int64, uint64) {
	neg := (a < 0) != (b < 0)
	ub := abs64(b)
	nh, nl := bits.Mul64(abs64(a), m)
	var qh uint64
	if nh >= ub { // a quotient past 64 bits (the usual one fits: one division)
		qh, nh = nh/ub, nh%ub
	}
	ql, _ := bits.Div64(nh, nl, ub)
	if neg {
		return neg128(qh, ql)
	}
	return int64(qh), ql
}

// product128 is a × b in 128 bits (exact: |a|, |b| < 2^63).
func product128(a, b int64) (int64, uint64) {
	hi, lo := bits.Mul64(abs64(a), abs64(b))
	if (a < 0) != (b < 0) {
		return neg128(hi, lo)
	}
	return int64(hi), lo
}

// neg128 is -(hi, lo) of an unsigned magnitude, as a signed 128-bit value.
func neg128(hi, lo uint64) (int64, uint64) {
	lo, borrow := bits.Sub64(0, lo, 0)
	hi, _ = bits.Sub64(0, hi, borrow)
	return int64(hi), lo
}

// round128 is the signed 128-bit (hi, lo) divided by m, rounded half
// away from zero; false when it passes the int64.
func round128(hi int64, lo uint64, m uint64) (int64, bool) {
	neg := hi < 0
	uh, ul := uint64(hi), lo
	if neg {
		h, l := neg128(uh, ul)
		uh, ul = uint64(h), l
	}
	qh := uh / m
	ql, rem := bits.Div64(uh%m, ul, m)
	if rem >= m-rem { // half of m or more
		ql, qh = ql+1, qh+boolU(ql == math.MaxUint64)
	}
	if qh != 0 || ql > math.MaxInt64 {
		return 0, false
	}
	if neg {
		return -int64(ql), true
	}
	return int64(ql), true
}

func boolU(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}
