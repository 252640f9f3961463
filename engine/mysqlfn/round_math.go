package mysqlfn

import (
	"math"

	"github.com/shopspring/decimal"
)

// RoundDecimal is MySQL's my_decimal_round: x to d decimals (d < 0: to
// a multiple of 10^-d), half away from zero, or toward zero when
// truncate is set.
func RoundDecimal(x decimal.Decimal, d int64, truncate bool) decimal.Decimal {
	d = max(d, -decimalDigitsMax)
	places := int32(d)
	if !truncate {
		return x.Round(places)
	}
	if places >= 0 {
		return x.Truncate(places)
	}
	// Truncate keeps whole digits only: shift them right of the point.
	return x.Shift(places).Truncate(0).Shift(-places)
}

// decimalDigitsMax bounds a negative d: past 65 digits every DECIMAL
// rounds to 0.
const decimalDigitsMax = 66

// pow10Int are the powers of ten a BIGINT UNSIGNED holds (log_10_int).
var pow10Int = func() []uint64 {
	p := []uint64{1}
	for p[len(p)-1] <= math.MaxUint64/10 {
		p = append(p, p[len(p)-1]*10)
	}
	return p
}()

// RoundInt is MySQL's Item_func_round::int_op for a BIGINT: x unchanged
// for d ≥ 0, else to a multiple of 10^-d; ok is false when the result
// does not fit (MySQL's error 1690).
func RoundInt(x, d int64, truncate bool) (r int64, ok bool) {
	if d >= 0 {
		return x, true
	}
	if -d >= int64(len(pow10Int)) {
		return 0, true
	}
	p := pow10Int[-d]
	if truncate {
		if p > math.MaxInt64 {
			return 0, true
		}
		return x / int64(p) * int64(p), true
	}
	neg := x < 0
	u := uint64(x)
	if neg {
		u = -u // also right for math.MinInt64
	}
	m, ok := RoundUint(u, d, false)
	switch {
	case !ok, m > math.MaxInt64:
		return 0, false
	case neg:
		return int64(-m), true
	}
	return int64(m), true
}

// RoundUint is RoundInt for a BIGINT UNSIGNED (my_unsigned_round).
func RoundUint(x uint64, d int64, truncate bool) (uint64, bool) {
	if d >= 0 {
		return x, true
	}
	if -d >= int64(len(pow10Int)) {
		return 0, true
	}
	p := pow10Int[-d]
	down := x / p * p
	if truncate || x-down < p/2 {
		return down, true
	}
	if down > math.MaxUint64-p {
		return 0, false
	}
	return down + p, true
}

// RoundFloat is MySQL's my_double_round: rint (half to even) of x
// scaled by 10^d, or floor/ceil toward zero when truncate is set.
func RoundFloat(x float64, d int64, truncate bool) float64 {
	neg := d < 0
	if neg && d <= -309 {
		return 0
	}
	abs := d
	if neg {
		abs = -d
	}
	p := math.Pow(10, float64(abs))
	if abs < int64(len(pow10Float)) {
		p = pow10Float[abs]
	}
	mul := x * p
	if !neg && (math.IsInf(mul, 0) || math.IsNaN(mul)) {
		return x
	}
	div := x / p
	toward := math.Floor
	if x < 0 {
		toward = math.Ceil
	}
	switch {
	case truncate && neg:
		return toward(div) * p
	case truncate:
		return toward(mul) / p
	case neg:
		return math.RoundToEven(div) * p
	}
	return math.RoundToEven(mul) / p
}

// pow10Float are MySQL's log_10 table: exact powers of ten as literals
// (math.Pow agrees, but the table is what MySQL multiplies by).
var pow10Float = func() []float64 {
	p := make([]float64, 309)
	for i := range p {
		p[i] = math.Pow10(i)
	}
	return p
}()
