package exec

import "math"

// mixedNum compares numbers of two layouts as MySQL does: an integer
// and DECIMALs of different scales exactly, on values brought to the
// larger scale; any of them against a DOUBLE as doubles.
type mixedNum struct {
	float  bool
	ml, mr int64 // exact: multipliers to the common scale
	dl, dr float64
	ul, ur bool // the side is BIGINT UNSIGNED: a negative bit pattern is past every int64
}

// mixedNumbers returns how to compare a and b, or nil when they are not
// both numbers the executor compares exactly or as doubles.
func mixedNumbers(a, b ColType) *mixedNum {
	sa, exactA := exactScale(a)
	sb, exactB := exactScale(b)
	switch {
	case exactA && exactB:
		s := max(sa, sb)
		if s-min(sa, sb) > maxScaledPrecision {
			return nil
		}
		return &mixedNum{ml: pow10(s - sa), mr: pow10(s - sb), ul: a.Phys == PUint, ur: b.Phys == PUint}
	case exactA && b.Phys == PFloat:
		return &mixedNum{float: true, dl: float64(pow10(sa)), dr: 1}
	case a.Phys == PFloat && exactB:
		return &mixedNum{float: true, dl: 1, dr: float64(pow10(sb))}
	}
	return nil
}

func exactScale(t ColType) (int32, bool) {
	switch t.Phys {
	case PInt:
		return 0, true
	case PUint: // GMS types 250 TINYINT UNSIGNED, RANK() BIGINT UNSIGNED
		return 0, true
	case PDec:
		return t.Scale, true
	}
	return 0, false
}

func (m *mixedNum) cmp(l, r *Vec, i int) int {
	if m.float {
		return cmpFloat(m.asFloat(l, i, m.dl), m.asFloat(r, i, m.dr))
	}
	switch {
	case m.ul && l.I[i] < 0:
		return 1
	case m.ur && r.I[i] < 0:
		return -1
	}
	return cmpScaled(l.I[i], m.ml, r.I[i], m.mr)
}

func (m *mixedNum) asFloat(v *Vec, i int, d float64) float64 {
	switch v.T.Phys {
	case PFloat:
		return v.F[i]
	case PUint:
		return float64(uint64(v.I[i])) / d
	}
	return float64(v.I[i]) / d
}

// cmpScaled compares a×ma with b×mb, one of the multipliers 1: a
// product past int64 is beyond every int64, so its sign decides.
func cmpScaled(a, ma, b, mb int64) int {
	x, okA := scaleUp(a, ma)
	y, okB := scaleUp(b, mb)
	switch {
	case !okA:
		return sign(a)
	case !okB:
		return -sign(b)
	}
	return cmpInt(x, y)
}

func scaleUp(a, m int64) (int64, bool) {
	if m == 1 {
		return a, true
	}
	p := a * m
	return p, p/m == a && !(a == math.MinInt64)
}

func sign(a int64) int {
	switch {
	case a < 0:
		return -1
	case a > 0:
		return 1
	}
	return 0
}
