package sqlfn

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// Argument helpers: table-function arguments arrive as GMS values (int8…
// uint64, float, decimal.Decimal, string, time.Time, nil). Each returns
// def when the argument is absent or NULL.

// Int reads an integer argument.
func Int(fn string, args []any, i int, def int64) (int64, error) {
	if i >= len(args) || args[i] == nil {
		return def, nil
	}
	switch x := args[i].(type) {
	case int8, int16, int32, int64, int, uint8, uint16, uint32:
		return toInt64(x), nil
	case uint64:
		if x > math.MaxInt64 {
			return 0, ErrArg(fn, "argument %d: %d is too large", i+1, x)
		}
		return int64(x), nil
	case float64:
		if x != math.Trunc(x) {
			return 0, ErrArg(fn, "argument %d: %v is not an integer", i+1, x)
		}
		return int64(x), nil
	case decimal.Decimal:
		if !x.IsInteger() {
			return 0, ErrArg(fn, "argument %d: %v is not an integer", i+1, x)
		}
		return x.IntPart(), nil
	case string:
		v, err := strconv.ParseInt(strings.TrimSpace(x), 10, 64)
		if err != nil {
			return 0, ErrArg(fn, "argument %d: %q is not an integer", i+1, x)
		}
		return v, nil
	}
	return 0, ErrArg(fn, "argument %d: %v (%T) is not an integer", i+1, args[i], args[i])
}

func toInt64(x any) int64 {
	switch v := x.(type) {
	case int8:
		return int64(v)
	case int16:
		return int64(v)
	case int32:
		return int64(v)
	case int64:
		return v
	case int:
		return int64(v)
	case uint8:
		return int64(v)
	case uint16:
		return int64(v)
	case uint32:
		return int64(v)
	}
	return 0
}

// Float reads a numeric argument.
func Float(fn string, args []any, i int, def float64) (float64, error) {
	if i >= len(args) || args[i] == nil {
		return def, nil
	}
	switch x := args[i].(type) {
	case float64:
		return x, nil
	case float32:
		return float64(x), nil
	case decimal.Decimal:
		f, _ := x.Float64()
		return f, nil
	case string:
		v, err := strconv.ParseFloat(strings.TrimSpace(x), 64)
		if err != nil {
			return 0, ErrArg(fn, "argument %d: %q is not a number", i+1, x)
		}
		return v, nil
	}
	if v, err := Int(fn, args, i, 0); err == nil {
		return float64(v), nil
	}
	return 0, ErrArg(fn, "argument %d: %v (%T) is not a number", i+1, args[i], args[i])
}

// String reads a text argument.
func String(fn string, args []any, i int, def string) (string, error) {
	if i >= len(args) || args[i] == nil {
		return def, nil
	}
	switch x := args[i].(type) {
	case string:
		return x, nil
	case []byte:
		return string(x), nil
	}
	return fmt.Sprint(args[i]), nil
}

// Date reads a date argument ('YYYY-MM-DD', a DATE/DATETIME value) as days
// since 1970-01-01; ok is false when it is absent or NULL.
func Date(fn string, args []any, i int) (days int64, ok bool, err error) {
	if i >= len(args) || args[i] == nil {
		return 0, false, nil
	}
	var t time.Time
	switch x := args[i].(type) {
	case time.Time:
		t = x
	case string:
		for _, layout := range []string{time.DateOnly, time.DateTime, "2006-01-02T15:04:05"} {
			if t, err = time.Parse(layout, strings.TrimSpace(x)); err == nil {
				break
			}
		}
		if err != nil {
			return 0, false, ErrArg(fn, "argument %d: %q is not a date (YYYY-MM-DD)", i+1, x)
		}
	default:
		return 0, false, ErrArg(fn, "argument %d: %v (%T) is not a date", i+1, args[i], args[i])
	}
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400, true, nil
}
