// Package floattext writes DOUBLE and FLOAT values as MySQL's text
// protocol does, where go-mysql-server writes Go's %g (4.04540231e+06
// for MySQL's 4045402.31).
//
// The rule, read off MariaDB 10.11 (server/difftest proves it, and
// testdata/mariadb.txt holds the values it was read from):
//
//   - DOUBLE has the shortest digits that parse back to the same value
//     (Go's 'e', -1); FLOAT has at most 6 significant digits (FLT_DIG:
//     CAST(16777217 AS FLOAT) is 16777200), trailing zeros dropped.
//   - With the value written as d.ddd × 10^e, plain notation is used for
//     -15 <= e < 15 (0.000000000000001, 999999999999999.9) and d.ddde±N
//     otherwise (1e15, 1.234567890123456e15, 1e-16, 5e-324): no '+', no
//     padded exponent.
//   - Negative zero is written -0 (MySQL's my_gcvt writes dtoa's sign:
//     SELECT -0e0, ROUND(-0.001e0), -1e0 * 0); positive zero 0.
//
// The Append functions append to the caller's buffer and allocate
// nothing (the result paths call them per row). NaN and infinities,
// which MySQL never holds, are written as Go writes them.
package floattext

import (
	"math"
	"strconv"
)

// plainMin and plainMax bound the decimal exponents written in plain
// notation: plainMin <= e < plainMax.
const (
	plainMin = -15
	plainMax = 15
)

// floatDigits is FLOAT's precision in MySQL's text (FLT_DIG).
const floatDigits = 6

// AppendDouble appends MySQL's text of a DOUBLE.
func AppendDouble(dst []byte, x float64) []byte {
	return appendFloat(dst, x, -1, 64)
}

// AppendFloat appends MySQL's text of a FLOAT.
func AppendFloat(dst []byte, x float32) []byte {
	return appendFloat(dst, float64(x), floatDigits-1, 32)
}

// appendFloat writes x with prec digits after the first (-1: shortest)
// of a bits-wide float in MySQL's notation.
func appendFloat(dst []byte, x float64, prec, bits int) []byte {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return strconv.AppendFloat(dst, x, 'g', -1, bits)
	}
	if x == 0 {
		if math.Signbit(x) {
			dst = append(dst, '-')
		}
		return append(dst, '0')
	}
	if x < 0 {
		dst = append(dst, '-')
		x = -x
	}
	var buf [40]byte
	digits, exp := decimalDigits(strconv.AppendFloat(buf[:0], x, 'e', prec, bits))
	if exp < plainMin || exp >= plainMax {
		return appendScientific(dst, digits, exp)
	}
	return appendPlain(dst, digits, exp)
}

// decimalDigits splits Go's 'e' text (d.ddde±XX) into its significant
// digits without trailing zeros (moved down over the '.' in place) and
// the decimal exponent.
func decimalDigits(e []byte) (digits []byte, exp int) {
	at := len(e) - 1
	for e[at] != 'e' {
		at--
	}
	exp = parseExp(e[at+1:])
	digits = e[:at]
	if len(digits) > 1 { // d.ddd: drop the '.'
		copy(digits[1:], digits[2:])
		digits = digits[:len(digits)-1]
	}
	for len(digits) > 1 && digits[len(digits)-1] == '0' {
		digits = digits[:len(digits)-1]
	}
	return digits, exp
}

// parseExp reads Go's exponent text: a sign and at least two digits.
func parseExp(b []byte) int {
	n := 0
	for _, c := range b[1:] {
		n = n*10 + int(c-'0')
	}
	if b[0] == '-' {
		return -n
	}
	return n
}

// appendScientific writes d[.ddd]e<exp>.
func appendScientific(dst, digits []byte, exp int) []byte {
	dst = append(dst, digits[0])
	if len(digits) > 1 {
		dst = append(dst, '.')
		dst = append(dst, digits[1:]...)
	}
	dst = append(dst, 'e')
	return strconv.AppendInt(dst, int64(exp), 10)
}

// appendPlain writes the digits with the decimal point after digit
// exp+1, padding with zeros on either side.
func appendPlain(dst, digits []byte, exp int) []byte {
	if exp < 0 {
		dst = append(dst, '0', '.')
		for i := exp + 1; i < 0; i++ {
			dst = append(dst, '0')
		}
		return append(dst, digits...)
	}
	whole := exp + 1
	if len(digits) <= whole {
		dst = append(dst, digits...)
		for i := len(digits); i < whole; i++ {
			dst = append(dst, '0')
		}
		return dst
	}
	dst = append(dst, digits[:whole]...)
	dst = append(dst, '.')
	return append(dst, digits[whole:]...)
}

// Rewrite returns MySQL's text of a value go-mysql-server wrote with
// Go's %g (a bits-wide float, 64 or 32), appended to dst; ok is false
// when text is not a number (it is then left as it is).
func Rewrite(dst, text []byte, bits int) (out []byte, ok bool) {
	x, err := strconv.ParseFloat(string(text), bits)
	if err != nil {
		return dst, false
	}
	if bits == 32 {
		return AppendFloat(dst, float32(x)), true
	}
	return AppendDouble(dst, x), true
}
