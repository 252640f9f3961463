package ingest

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"time"
	"unicode/utf8"
)

// Parser turns one field's text into a storage value (int64, uint64,
// float64 or string). It must not keep text: the reader reuses it.
type Parser func(text []byte) (any, error)

// Int parses a signed integer of the given bit width (8, 16, 24, 32, 64).
func Int(bits int) Parser {
	lo, hi := int64(math.MinInt64), int64(math.MaxInt64)
	if bits < 64 {
		lo, hi = -1<<(bits-1), 1<<(bits-1)-1
	}
	return func(text []byte) (any, error) {
		v, err := strconv.ParseInt(string(trim(text)), 10, 64)
		if err != nil || v < lo || v > hi {
			return nil, fmt.Errorf("%q is not an integer in [%d, %d]", text, lo, hi)
		}
		return v, nil
	}
}

// Uint parses an unsigned integer of the given bit width.
func Uint(bits int) Parser {
	hi := uint64(math.MaxUint64)
	if bits < 64 {
		hi = 1<<bits - 1
	}
	return func(text []byte) (any, error) {
		v, err := strconv.ParseUint(string(trim(text)), 10, 64)
		if err != nil || v > hi {
			return nil, fmt.Errorf("%q is not an unsigned integer up to %d", text, hi)
		}
		return v, nil
	}
}

// Bool parses 0/1/true/false (any case) into int64 0 or 1.
func Bool() Parser {
	return func(text []byte) (any, error) {
		switch string(trim(text)) {
		case "1", "true", "TRUE", "True", "t", "T", "yes", "y":
			return int64(1), nil
		case "0", "false", "FALSE", "False", "f", "F", "no", "n":
			return int64(0), nil
		}
		return nil, fmt.Errorf("%q is not a boolean (0/1/true/false)", text)
	}
}

// Float parses a floating-point number.
func Float() Parser {
	return func(text []byte) (any, error) {
		v, err := strconv.ParseFloat(string(trim(text)), 64)
		if err != nil {
			return nil, fmt.Errorf("%q is not a number", text)
		}
		return v, nil
	}
}

// Decimal parses a DECIMAL(precision, scale) with precision <= 18 into its
// value times 10^scale; more fractional digits than scale are rounded half
// away from zero, as MySQL does.
func Decimal(precision, scale int) Parser {
	maxInt := pow10(precision - scale)
	return func(text []byte) (any, error) {
		v, err := parseScaled(trim(text), scale)
		if err != nil || v/pow10(scale) >= maxInt || v/pow10(scale) <= -maxInt {
			return nil, fmt.Errorf("%q is not a DECIMAL(%d,%d)", text, precision, scale)
		}
		return v, nil
	}
}

var errDecimal = errors.New("bad decimal")

func parseScaled(s []byte, scale int) (int64, error) {
	neg := false
	if len(s) > 0 && (s[0] == '-' || s[0] == '+') {
		neg = s[0] == '-'
		s = s[1:]
	}
	intPart, fracPart := s, []byte(nil)
	if i := indexByte(s, '.'); i >= 0 {
		intPart, fracPart = s[:i], s[i+1:]
	}
	if len(intPart)+len(fracPart) == 0 || !allDigits(intPart) || !allDigits(fracPart) {
		return 0, errDecimal
	}
	var v int64
	push := func(d int64) bool {
		if v > (math.MaxInt64-d)/10 {
			return false
		}
		v = v*10 + d
		return true
	}
	for _, c := range intPart {
		if !push(int64(c - '0')) {
			return 0, errDecimal
		}
	}
	for i := 0; i < scale; i++ {
		var d int64
		if i < len(fracPart) {
			d = int64(fracPart[i] - '0')
		}
		if !push(d) {
			return 0, errDecimal
		}
	}
	if len(fracPart) > scale && fracPart[scale] >= '5' {
		v++
	}
	if neg {
		v = -v
	}
	return v, nil
}

func indexByte(s []byte, c byte) int {
	for i := range s {
		if s[i] == c {
			return i
		}
	}
	return -1
}

func allDigits(s []byte) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

func pow10(n int) int64 {
	v := int64(1)
	for ; n > 0; n-- {
		v *= 10
	}
	return v
}

// Date parses a date with the Go layout (default "2006-01-02") into days
// since 1970-01-01.
func Date(layout string) Parser {
	if layout == "" {
		layout = time.DateOnly
	}
	return func(text []byte) (any, error) {
		t, err := time.Parse(layout, string(trim(text)))
		if err != nil {
			return nil, fmt.Errorf("%q is not a date (%s)", text, layout)
		}
		return floorDiv(t.Unix(), 86400), nil
	}
}

// DateTime parses a datetime into microseconds since the epoch (UTC).
// Without a layout it accepts "2006-01-02 15:04:05[.ffffff]", the same with
// a 'T', and a bare date (midnight).
func DateTime(layout string) Parser {
	layouts := []string{"2006-01-02 15:04:05.999999", "2006-01-02T15:04:05.999999", "2006-01-02T15:04:05.999999Z07:00", time.DateOnly}
	if layout != "" {
		layouts = []string{layout}
	}
	return func(text []byte) (any, error) {
		s := string(trim(text))
		for _, l := range layouts {
			if t, err := time.Parse(l, s); err == nil {
				return t.UnixMicro(), nil
			}
		}
		return nil, fmt.Errorf("%q is not a datetime (%s)", text, layouts[0])
	}
}

// String accepts text of at most maxChars characters (0: unlimited) that is
// valid UTF-8.
func String(maxChars int) Parser {
	return func(text []byte) (any, error) {
		if !utf8.Valid(text) {
			return nil, fmt.Errorf("invalid UTF-8")
		}
		if maxChars > 0 && len(text) > maxChars && utf8.RuneCount(text) > maxChars {
			return nil, fmt.Errorf("text of %d characters is longer than %d", utf8.RuneCount(text), maxChars)
		}
		return string(text), nil
	}
}

func trim(b []byte) []byte {
	for len(b) > 0 && (b[0] == ' ' || b[0] == '\t') {
		b = b[1:]
	}
	for len(b) > 0 && (b[len(b)-1] == ' ' || b[len(b)-1] == '\t' || b[len(b)-1] == '\r') {
		b = b[:len(b)-1]
	}
	return b
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}
