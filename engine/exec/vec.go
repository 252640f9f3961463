package exec

import (
	"fmt"
	"math"
	"time"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/types"
	"github.com/dolthub/vitess/go/sqltypes"
	"github.com/shopspring/decimal"

	"github.com/cohortdb/cohortdb/contract/calendar"
)

// Phys is the physical layout of a column's values in a Vec.
type Phys uint8

const (
	PInt   Phys = iota + 1 // signed integers and booleans: I
	PUint                  // unsigned integers: I holds the bit pattern
	PFloat                 // FLOAT and DOUBLE: F
	PDec                   // DECIMAL(p<=18, s): I holds value × 10^Scale
	PDate                  // DATE: I holds days since 1970-01-01
	PTime                  // DATETIME/TIMESTAMP: I holds µs since the epoch, UTC
	PStr                   // strings: S, or Codes into Dict
)

// ColType is a column's SQL type and its physical layout.
type ColType struct {
	Phys  Phys
	Scale int32 // PDec only
	SQL   sql.Type
}

// maxScaledPrecision is the widest DECIMAL a PDec holds exactly.
const maxScaledPrecision = 18

// TypeOf maps a SQL type onto its layout; ok is false for types the
// executor does not handle (the subtree then stays with GMS).
func TypeOf(t sql.Type) (ColType, bool) {
	c := ColType{SQL: t}
	switch t.Type() {
	case sqltypes.Int8, sqltypes.Int16, sqltypes.Int24, sqltypes.Int32, sqltypes.Int64:
		c.Phys = PInt
	case sqltypes.Uint8, sqltypes.Uint16, sqltypes.Uint24, sqltypes.Uint32, sqltypes.Uint64:
		c.Phys = PUint
	case sqltypes.Float32, sqltypes.Float64:
		c.Phys = PFloat
	case sqltypes.Decimal:
		dt := t.(sql.DecimalType)
		if dt.Precision() > maxScaledPrecision {
			return c, false
		}
		c.Phys, c.Scale = PDec, int32(dt.Scale())
	case sqltypes.Date:
		c.Phys = PDate
	case sqltypes.Datetime, sqltypes.Timestamp:
		c.Phys = PTime
	case sqltypes.Char, sqltypes.VarChar, sqltypes.Text:
		c.Phys = PStr
	case sqltypes.Null:
		// A bare NULL's type (WITH ROLLUP's super-aggregate keys): its
		// values are all NULL, so any layout holds them.
		c.Phys = PInt
	default:
		return c, false
	}
	return c, true
}

// TypesOf maps a schema's column types onto layouts; ok is false when
// one of them is not handled.
func TypesOf(sch sql.Schema) ([]ColType, bool) {
	ts := make([]ColType, len(sch))
	for i, c := range sch {
		t, ok := TypeOf(c.Type)
		if !ok {
			return nil, false
		}
		ts[i] = t
	}
	return ts, true
}

// Vec is one column of a Batch. Position i is NULL when Nulls != nil and
// Nulls[i]; its value slot then holds the zero value.
type Vec struct {
	T     ColType
	I     []int64
	F     []float64
	S     []string
	Codes []uint32 // when not nil, string i is Dict[Codes[i]]
	Dict  []string
	Nulls []bool
	// Absent marks a column the pipeline never reads (absent.go).
	Absent bool
}

// Batch is N rows as column vectors.
type Batch struct {
	N    int
	Cols []*Vec
	// Late, when set, fills the columns the source deferred (late.go).
	Late Late
}

// IsNull reports whether position i is NULL.
func (v *Vec) IsNull(i int) bool { return v.Nulls != nil && v.Nulls[i] }

// Str returns string i.
func (v *Vec) Str(i int) string {
	if v.Codes != nil {
		return v.Dict[v.Codes[i]]
	}
	return v.S[i]
}

// reset sizes v for n values of type t, reusing its slices.
func (v *Vec) reset(t ColType, n int) {
	if v.Absent { // its slots are shared zeros
		*v = Vec{}
	}
	v.T = t
	v.Codes, v.Dict = nil, nil
	switch t.Phys {
	case PFloat:
		v.F = grow(v.F, n)
	case PStr:
		v.S = grow(v.S, n)
	default:
		v.I = grow(v.I, n)
	}
	v.Nulls = nil
}

// resize views the first n values of v's slices (within their capacity).
func (v *Vec) resize(n int) {
	switch v.T.Phys {
	case PFloat:
		v.F = v.F[:n]
	case PStr:
		v.S = v.S[:n]
	default:
		v.I = v.I[:n]
	}
	if v.Nulls != nil {
		v.Nulls = v.Nulls[:n]
	}
}

// resetCoded sizes v for n codes into src's dictionary.
func (v *Vec) resetCoded(src *Vec, n int) {
	if v.Absent {
		*v = Vec{}
	}
	v.T, v.S, v.Dict, v.Nulls = src.T, v.S[:0], src.Dict, nil
	v.Codes = grow(v.Codes, n)
}

// setNull marks position i NULL (allocating the null slice on first use).
func (v *Vec) setNull(i, n int) {
	if v.Nulls == nil {
		v.Nulls = make([]bool, n)
	}
	v.Nulls[i] = true
}

func grow[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	return s[:n]
}

// Value boxes position i as GMS represents values of the column's type.
func (v *Vec) Value(i int) any {
	if v.IsNull(i) {
		return nil
	}
	switch v.T.Phys {
	case PInt:
		return boxInt(v.T.SQL, v.I[i])
	case PUint:
		return boxUint(v.T.SQL, uint64(v.I[i]))
	case PFloat:
		if v.T.SQL.Type() == sqltypes.Float32 {
			return float32(v.F[i])
		}
		return v.F[i]
	case PDec:
		return decimal.New(v.I[i], -v.T.Scale)
	case PDate:
		return calendar.Midnight(v.I[i])
	case PTime:
		return time.UnixMicro(v.I[i]).UTC()
	}
	return v.Str(i)
}

func boxInt(t sql.Type, x int64) any {
	switch t.Type() {
	case sqltypes.Int8:
		return int8(x)
	case sqltypes.Int16:
		return int16(x)
	case sqltypes.Int24, sqltypes.Int32:
		return int32(x)
	}
	return x
}

func boxUint(t sql.Type, x uint64) any {
	switch t.Type() {
	case sqltypes.Uint8:
		return uint8(x)
	case sqltypes.Uint16:
		return uint16(x)
	case sqltypes.Uint24, sqltypes.Uint32:
		return uint32(x)
	}
	return x
}

// Set stores a GMS value at position i, converting it to the column's
// type first when it is not already in that type's representation.
func (v *Vec) Set(ctx *sql.Context, i, n int, val any) error {
	if val == nil {
		v.setNull(i, n)
		return nil
	}
	switch v.T.Phys {
	case PInt:
		x, ok := asInt64(val)
		if !ok {
			c, _, err := types.Int64.Convert(ctx, val)
			if err != nil {
				return err
			}
			x = c.(int64)
		}
		v.I[i] = x
	case PUint:
		x, ok := asUint64(val)
		if !ok {
			c, _, err := types.Uint64.Convert(ctx, val)
			if err != nil {
				return err
			}
			x = c.(uint64)
		}
		v.I[i] = int64(x)
	case PFloat:
		switch f := val.(type) {
		case float64:
			v.F[i] = f
		case float32:
			v.F[i] = float64(f)
		default:
			c, _, err := types.Float64.Convert(ctx, val)
			if err != nil {
				return err
			}
			v.F[i] = c.(float64)
		}
	case PDec:
		d, ok := val.(decimal.Decimal)
		if !ok {
			c, _, err := v.T.SQL.Convert(ctx, val)
			if err != nil {
				return err
			}
			if d, ok = c.(decimal.Decimal); !ok {
				return fmt.Errorf("exec: %T is not a decimal", c)
			}
		}
		x, ok := scaled(d, v.T.Scale)
		if !ok {
			return exactRange(sql.ErrValueOutOfRange.New(d, v.T.SQL))
		}
		v.I[i] = x
	case PDate, PTime:
		tm, ok := val.(time.Time)
		if !ok {
			c, _, err := v.T.SQL.Convert(ctx, val)
			if err != nil {
				return err
			}
			if c == nil {
				v.setNull(i, n)
				return nil
			}
			if tm, ok = c.(time.Time); !ok {
				return fmt.Errorf("exec: %T is not a time", c)
			}
		}
		if v.T.Phys == PDate {
			v.I[i] = calendar.FloorDiv(tm.Unix(), calendar.SecondsPerDay)
		} else {
			v.I[i] = tm.UnixMicro()
		}
	case PStr:
		s, ok := val.(string)
		if !ok {
			c, _, err := types.LongText.Convert(ctx, val)
			if err != nil {
				return err
			}
			s = c.(string)
		}
		v.S[i] = s
	}
	return nil
}

// scaled is d × 10^scale as an integer, when exact and in range.
func scaled(d decimal.Decimal, scale int32) (int64, bool) {
	s := d.Shift(scale)
	if !s.Equal(s.Truncate(0)) {
		s = s.Round(0)
	}
	if s.GreaterThan(maxInt64Dec) || s.LessThan(minInt64Dec) {
		return 0, false
	}
	return s.IntPart(), true
}

var (
	maxInt64Dec = decimal.NewFromInt(math.MaxInt64)
	minInt64Dec = decimal.NewFromInt(math.MinInt64)
)

func asInt64(v any) (int64, bool) {
	switch x := v.(type) {
	case int64:
		return x, true
	case int32:
		return int64(x), true
	case int16:
		return int64(x), true
	case int8:
		return int64(x), true
	case int:
		return int64(x), true
	case bool:
		if x {
			return 1, true
		}
		return 0, true
	case uint8:
		return int64(x), true
	case uint16:
		return int64(x), true
	case uint32:
		return int64(x), true
	}
	return 0, false
}

func asUint64(v any) (uint64, bool) {
	switch x := v.(type) {
	case uint64:
		return x, true
	case uint32:
		return uint64(x), true
	case uint16:
		return uint64(x), true
	case uint8:
		return uint64(x), true
	}
	if i, ok := asInt64(v); ok && i >= 0 {
		return uint64(i), true
	}
	return 0, false
}

// gather copies the rows sel of src into dst (dst is reset).
func gather(dst, src *Vec, sel []int32) {
	n := len(sel)
	if src.Absent {
		dst.SetAbsent(src.T, n)
		return
	}
	if src.T.Phys == PStr && src.Codes != nil {
		dst.resetCoded(src, n)
	} else {
		dst.reset(src.T, n)
	}
	switch {
	case src.T.Phys == PFloat:
		for j, i := range sel {
			dst.F[j] = src.F[i]
		}
	case src.T.Phys == PStr && src.Codes != nil:
		for j, i := range sel {
			dst.Codes[j] = src.Codes[i]
		}
	case src.T.Phys == PStr:
		for j, i := range sel {
			dst.S[j] = src.S[i]
		}
	default:
		for j, i := range sel {
			dst.I[j] = src.I[i]
		}
	}
	if src.Nulls != nil {
		dst.Nulls = grow(dst.Nulls, n)
		any := false
		for j, i := range sel {
			dst.Nulls[j] = src.Nulls[i]
			any = any || src.Nulls[i]
		}
		if !any {
			dst.Nulls = nil
		}
	}
}
