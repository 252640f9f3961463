package ingest

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/cohortdb/cohortdb/contract/calendar"
	"github.com/cohortdb/cohortdb/storage"
)

// Parser turns one field's text into a storage value. Exactly one of its
// functions is set, matching the column's storage kind; the typed ones let
// a load append values without boxing them. Parsers must not keep text:
// the reader reuses it.
type Parser struct {
	Int      func(text []byte) (int64, error) // KindInt, or KindUint when Unsigned
	Unsigned bool
	Float    func(text []byte) (float64, error)
	Bytes    func(text []byte) ([]byte, error) // returns the bytes to store
	// Any is the general form, for types without a fast path: it returns
	// nil, int64, uint64, float64 or string.
	Any func(text []byte) (any, error)
}

// Set parses text into column col of the row l is building.
func (p Parser) Set(l *storage.Load, col int, text []byte) error {
	switch {
	case p.Int != nil:
		v, err := p.Int(text)
		if err != nil {
			return err
		}
		if p.Unsigned {
			l.Uint(col, uint64(v))
		} else {
			l.Int(col, v)
		}
	case p.Float != nil:
		v, err := p.Float(text)
		if err != nil {
			return err
		}
		l.Float(col, v)
	case p.Bytes != nil:
		v, err := p.Bytes(text)
		if err != nil {
			return err
		}
		l.Bytes(col, v)
	default:
		v, err := p.Any(text)
		if err != nil {
			return err
		}
		l.Value(col, v)
	}
	return nil
}

// Parse returns the value as a storage Row element (boxing it).
func (p Parser) Parse(text []byte) (any, error) {
	switch {
	case p.Int != nil:
		v, err := p.Int(text)
		if err != nil {
			return nil, err
		}
		if p.Unsigned {
			return uint64(v), nil
		}
		return v, nil
	case p.Float != nil:
		v, err := p.Float(text)
		if err != nil {
			return nil, err
		}
		return v, nil
	case p.Bytes != nil:
		v, err := p.Bytes(text)
		if err != nil {
			return nil, err
		}
		return string(v), nil
	}
	return p.Any(text)
}

// Int parses a signed integer of the given bit width (8, 16, 24, 32, 64).
func Int(bits int) Parser {
	lo, hi := int64(math.MinInt64), int64(math.MaxInt64)
	if bits < 64 {
		lo, hi = -1<<(bits-1), 1<<(bits-1)-1
	}
	return Parser{Int: func(text []byte) (int64, error) {
		v, ok := atoi(trim(text))
		if !ok || v < lo || v > hi {
			return 0, fmt.Errorf("%q is not an integer in [%d, %d]", text, lo, hi)
		}
		return v, nil
	}}
}

// Uint parses an unsigned integer of the given bit width.
func Uint(bits int) Parser {
	hi := uint64(math.MaxUint64)
	if bits < 64 {
		hi = 1<<bits - 1
	}
	return Parser{Unsigned: true, Int: func(text []byte) (int64, error) {
		v, err := strconv.ParseUint(string(trim(text)), 10, 64)
		if err != nil || v > hi {
			return 0, fmt.Errorf("%q is not an unsigned integer up to %d", text, hi)
		}
		return int64(v), nil
	}}
}

// Bool parses 0/1/true/false (any case) into int64 0 or 1.
func Bool() Parser {
	return Parser{Int: func(text []byte) (int64, error) {
		switch string(trim(text)) {
		case "1", "true", "TRUE", "True", "t", "T", "yes", "y":
			return 1, nil
		case "0", "false", "FALSE", "False", "f", "F", "no", "n":
			return 0, nil
		}
		return 0, fmt.Errorf("%q is not a boolean (0/1/true/false)", text)
	}}
}

// Float parses a floating-point number.
func Float() Parser {
	return Parser{Float: func(text []byte) (float64, error) {
		v, err := strconv.ParseFloat(string(trim(text)), 64)
		if err != nil {
			return 0, fmt.Errorf("%q is not a number", text)
		}
		return v, nil
	}}
}

// Decimal parses a DECIMAL(precision, scale) with precision <= 18 into its
// value times 10^scale; more fractional digits than scale are rounded half
// away from zero, as MySQL does.
func Decimal(precision, scale int) Parser {
	maxInt := pow10(precision - scale)
	return Parser{Int: func(text []byte) (int64, error) {
		v, err := parseScaled(trim(text), scale)
		if err != nil || v/pow10(scale) >= maxInt || v/pow10(scale) <= -maxInt {
			return 0, fmt.Errorf("%q is not a DECIMAL(%d,%d)", text, precision, scale)
		}
		return v, nil
	}}
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
	return Parser{Int: func(text []byte) (int64, error) {
		text = trim(text)
		if layout == time.DateOnly {
			if d, ok := isoDays(text); ok && len(text) == 10 {
				return d, nil
			}
		}
		t, err := time.Parse(layout, string(text))
		if err != nil {
			return 0, fmt.Errorf("%q is not a date (%s)", text, layout)
		}
		return calendar.FloorDiv(t.Unix(), calendar.SecondsPerDay), nil
	}}
}

// DateTime parses a datetime into microseconds since the epoch (UTC).
// Without a layout it accepts "2006-01-02 15:04:05[.ffffff]", the same with
// a 'T', and a bare date (midnight).
func DateTime(layout string) Parser {
	layouts := []string{"2006-01-02 15:04:05.999999", "2006-01-02T15:04:05.999999", "2006-01-02T15:04:05.999999Z07:00", time.DateOnly}
	if layout != "" {
		layouts = []string{layout}
	}
	fast := layout == ""
	return Parser{Int: func(text []byte) (int64, error) {
		text = trim(text)
		if fast {
			if us, ok := isoMicros(text); ok {
				return us, nil
			}
		}
		s := string(text)
		for _, l := range layouts {
			if t, err := time.Parse(l, s); err == nil {
				return t.UnixMicro(), nil
			}
		}
		return 0, fmt.Errorf("%q is not a datetime (%s)", text, layouts[0])
	}}
}

// String accepts text of at most maxChars characters (0: unlimited) that is
// valid UTF-8.
func String(maxChars int) Parser {
	return Parser{Bytes: func(text []byte) ([]byte, error) {
		if !utf8.Valid(text) {
			return nil, fmt.Errorf("invalid UTF-8")
		}
		if maxChars > 0 && len(text) > maxChars && utf8.RuneCount(text) > maxChars {
			return nil, fmt.Errorf("text of %d characters is longer than %d", utf8.RuneCount(text), maxChars)
		}
		return text, nil
	}}
}

// Char parses a CHAR of at most maxChars characters: its trailing spaces
// dropped, as MySQL's CHAR reads back.
func Char(maxChars int) Parser {
	p := String(maxChars)
	return Parser{Bytes: func(text []byte) ([]byte, error) {
		for len(text) > 0 && text[len(text)-1] == ' ' {
			text = text[:len(text)-1]
		}
		return p.Bytes(text)
	}}
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

// atoi parses a decimal integer without allocating.
func atoi(s []byte) (int64, bool) {
	if len(s) > 19 { // may still fit with leading zeros; rare, let strconv decide
		v, err := strconv.ParseInt(string(s), 10, 64)
		return v, err == nil
	}
	neg := false
	if len(s) > 0 && (s[0] == '-' || s[0] == '+') {
		neg = s[0] == '-'
		s = s[1:]
	}
	if len(s) == 0 {
		return 0, false
	}
	var v uint64
	for _, c := range s {
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + uint64(c-'0')
	}
	if neg {
		if v > 1<<63 {
			return 0, false
		}
		return -int64(v), true
	}
	if v > math.MaxInt64 {
		return 0, false
	}
	return int64(v), true
}

// isoDays parses YYYY-MM-DD into days since 1970-01-01, validating the
// calendar (so 2024-02-30 is refused).
func isoDays(s []byte) (int64, bool) {
	if len(s) < 10 || s[4] != '-' || s[7] != '-' {
		return 0, false
	}
	y, ok1 := digits(s[0:4])
	m, ok2 := digits(s[5:7])
	d, ok3 := digits(s[8:10])
	if !ok1 || !ok2 || !ok3 || m < 1 || m > 12 || d < 1 || d > daysIn(y, m) {
		return 0, false
	}
	return calendar.DaysFromCivil(y, m, d), true
}

// isoMicros parses "YYYY-MM-DD[ T]HH:MM:SS[.ffffff]" or a bare date.
func isoMicros(s []byte) (int64, bool) {
	days, ok := isoDays(s)
	if !ok {
		return 0, false
	}
	if len(s) == 10 {
		return days * calendar.MicrosPerDay, true
	}
	if len(s) < 19 || (s[10] != ' ' && s[10] != 'T') || s[13] != ':' || s[16] != ':' {
		return 0, false
	}
	h, ok1 := digits(s[11:13])
	mi, ok2 := digits(s[14:16])
	sec, ok3 := digits(s[17:19])
	if !ok1 || !ok2 || !ok3 || h > 23 || mi > 59 || sec > 59 {
		return 0, false
	}
	us := int64(0)
	if len(s) > 19 {
		if s[19] != '.' || len(s) == 20 || len(s) > 26 {
			return 0, false
		}
		f, ok := digits(s[20:])
		if !ok {
			return 0, false
		}
		us = f * pow10(6-(len(s)-20))
	}
	return (days*calendar.SecondsPerDay+h*3600+mi*60+sec)*calendar.MicrosPerSecond + us, true
}

func digits(s []byte) (int64, bool) {
	var v int64
	for _, c := range s {
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + int64(c-'0')
	}
	return v, len(s) > 0
}

func daysIn(y, m int64) int64 {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}
