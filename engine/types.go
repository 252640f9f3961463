package engine

import (
	"context"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/types"
	"github.com/dolthub/vitess/go/sqltypes"
	"github.com/dolthub/vitess/go/vt/proto/query"
	"github.com/shopspring/decimal"

	"github.com/cohortdb/cohortdb/contract/calendar"
	"github.com/cohortdb/cohortdb/storage"
)

// maxScaledDecimalPrecision is the widest DECIMAL stored as a scaled int64:
// every value of DECIMAL(18,s) times 10^s is below 10^18 < 2^63.
const maxScaledDecimalPrecision = 18

// valueClass says how one SQL type is laid out in its storage kind.
type valueClass uint8

const (
	classInt      valueClass = iota // signed integers and booleans
	classUint                       // unsigned integers
	classBit                        // BIT(n): uint64
	classYear                       // YEAR: int16
	classFloat32                    // FLOAT
	classFloat64                    // DOUBLE
	classDecimal                    // DECIMAL(p<=18, s): int64 scaled by 10^s
	classWideDec                    // DECIMAL(p>18, s): fixed-point string
	classDate                       // DATE: days since 1970-01-01
	classDatetime                   // DATETIME/TIMESTAMP: µs since the epoch, UTC
	classTime                       // TIME: µs (types.Timespan)
	classString                     // CHAR/VARCHAR/TEXT: string
	classBinary                     // BINARY/VARBINARY/BLOB: []byte
	classEnum                       // ENUM: stored as its string, uint16 index in rows
	classSet                        // SET: stored as its string, uint64 bits in rows
	classJSON                       // JSON: stored as its text
)

// codec converts the values of one column between GMS rows and storage
// rows. It is immutable and shared by every table handle on the same
// definition.
type codec struct {
	typ   sql.Type
	kind  storage.Kind
	class valueClass
	scale int32 // DECIMAL scale
	bits  int   // integer width in bits, for the narrowing casts of decode
	// char is set for CHAR: MySQL pads its values to the column's length
	// and strips the trailing spaces on retrieval (PAD_CHAR_TO_FULL_LENGTH
	// aside), so they are stripped once when stored, keeping every reader
	// (row and vectorised, comparisons included) the same.
	char bool
}

// newCodec maps a SQL type onto its storage kind, or fails for types
// cohortdb cannot store (geometry).
func newCodec(t sql.Type) (*codec, error) {
	c := &codec{typ: t}
	switch t.Type() {
	case sqltypes.Int8, sqltypes.Int16, sqltypes.Int24, sqltypes.Int32, sqltypes.Int64:
		c.kind, c.class, c.bits = storage.KindInt, classInt, intBits(t.Type())
	case sqltypes.Uint8, sqltypes.Uint16, sqltypes.Uint24, sqltypes.Uint32, sqltypes.Uint64:
		c.kind, c.class, c.bits = storage.KindUint, classUint, intBits(t.Type())
	case sqltypes.Bit:
		c.kind, c.class = storage.KindUint, classBit
	case sqltypes.Year:
		c.kind, c.class = storage.KindInt, classYear
	case sqltypes.Float32:
		c.kind, c.class = storage.KindFloat, classFloat32
	case sqltypes.Float64:
		c.kind, c.class = storage.KindFloat, classFloat64
	case sqltypes.Decimal:
		dt := t.(sql.DecimalType)
		c.scale = int32(dt.Scale())
		c.kind, c.class = storage.KindInt, classDecimal
		if dt.Precision() > maxScaledDecimalPrecision {
			c.kind, c.class = storage.KindBytes, classWideDec
		}
	case sqltypes.Date:
		c.kind, c.class = storage.KindInt, classDate
	case sqltypes.Datetime, sqltypes.Timestamp:
		c.kind, c.class = storage.KindInt, classDatetime
	case sqltypes.Time:
		c.kind, c.class = storage.KindInt, classTime
	case sqltypes.Char, sqltypes.VarChar, sqltypes.Text:
		c.kind, c.class = storage.KindBytes, classString
		c.char = t.Type() == sqltypes.Char
	case sqltypes.Binary, sqltypes.VarBinary, sqltypes.Blob:
		c.kind, c.class = storage.KindBytes, classBinary
	case sqltypes.Enum:
		c.kind, c.class = storage.KindBytes, classEnum
	case sqltypes.Set:
		c.kind, c.class = storage.KindBytes, classSet
	case sqltypes.TypeJSON:
		c.kind, c.class = storage.KindBytes, classJSON
	default:
		return nil, notSupported(fmt.Sprintf("columns of type %s", t.String()))
	}
	return c, nil
}

func intBits(t query.Type) int {
	switch t {
	case sqltypes.Int8, sqltypes.Uint8:
		return 8
	case sqltypes.Int16, sqltypes.Uint16:
		return 16
	case sqltypes.Int24, sqltypes.Uint24:
		return 24
	case sqltypes.Int32, sqltypes.Uint32:
		return 32
	}
	return 64
}

// encode converts a GMS value of the column's type to a storage.Row
// element. Values GMS has not yet converted to the column type go through
// the type's own Convert first, so its errors (1366, 1264) stay intact.
func (c *codec) encode(ctx *sql.Context, v any) (any, error) {
	if v == nil {
		return nil, nil
	}
	if out, ok := c.encodeFast(v); ok {
		return out, nil
	}
	cv, inRange, err := c.typ.Convert(ctx, v)
	if err != nil {
		return nil, err
	}
	if inRange == sql.OutOfRange {
		return nil, sql.ErrValueOutOfRange.New(v, c.typ)
	}
	if cv == nil {
		return nil, nil
	}
	if out, ok := c.encodeFast(cv); ok {
		return out, nil
	}
	return nil, fmt.Errorf("cannot store %T in a %s column", v, c.typ.String())
}

// store is encode for a value written to the table: a CHAR's trailing
// spaces dropped. Lookups use encode, the key kept as given, since the
// collation (utf8mb4_0900_bin) is NO PAD: 'f ' does not find a stored 'f'.
func (c *codec) store(ctx *sql.Context, v any) (any, error) {
	ev, err := c.encode(ctx, v)
	if s, ok := ev.(string); ok && c.char && err == nil {
		return strings.TrimRight(s, " "), nil
	}
	return ev, err
}

// encodeFast handles values already in the column's in-memory form.
func (c *codec) encodeFast(v any) (any, bool) {
	switch c.class {
	case classInt, classYear:
		if nativeWidth(v) == c.nativeBits() {
			return toInt64(v)
		}
	case classUint, classBit:
		if nativeWidth(v) == c.nativeBits() {
			return toUint64(v)
		}
	case classFloat32, classFloat64:
		switch x := v.(type) {
		case float64:
			return x, true
		case float32:
			return float64(x), true
		}
	case classDecimal, classWideDec:
		if d, ok := v.(decimal.Decimal); ok {
			return c.encodeDecimal(d)
		}
	case classDate:
		if t, ok := v.(time.Time); ok {
			return dateToDays(t), true
		}
	case classDatetime:
		if t, ok := v.(time.Time); ok {
			return t.UnixMicro(), true
		}
	case classTime:
		if t, ok := v.(types.Timespan); ok {
			return int64(t), true
		}
	case classString, classBinary:
		return toBytesString(v)
	case classEnum:
		if idx, ok := v.(uint16); ok {
			s, found := c.typ.(sql.EnumType).At(int(idx))
			return s, found || idx == 0
		}
	case classSet:
		if bits, ok := v.(uint64); ok {
			s, err := c.typ.(sql.SetType).BitsToString(bits)
			return s, err == nil
		}
	case classJSON:
		if j, ok := v.(sql.JSONWrapper); ok {
			s, err := types.JsonToMySqlString(j)
			return s, err == nil
		}
	}
	return nil, false
}

func (c *codec) encodeDecimal(d decimal.Decimal) (any, bool) {
	d = d.Round(c.scale)
	if c.class == classWideDec {
		return d.StringFixed(c.scale), true
	}
	scaled := d.Shift(c.scale)
	if !scaled.IsInteger() || scaled.Cmp(maxInt64Dec) > 0 || scaled.Cmp(minInt64Dec) < 0 {
		return nil, false
	}
	return scaled.IntPart(), true
}

var (
	maxInt64Dec = decimal.NewFromInt(math.MaxInt64)
	minInt64Dec = decimal.NewFromInt(math.MinInt64)
)

// decode converts a storage.Row element back to the column's GMS value.
func (c *codec) decode(v any) (any, error) {
	if v == nil {
		return nil, nil
	}
	switch x := v.(type) {
	case int64:
		return c.decodeInt(x), nil
	case uint64:
		return c.decodeUint(x), nil
	case float64:
		if c.class == classFloat32 {
			return float32(x), nil
		}
		return x, nil
	case string:
		return c.decodeString(x)
	}
	return nil, fmt.Errorf("storage returned %T for a %s column", v, c.typ.String())
}

// decodeAt converts position pos of a scanned vector straight to the GMS
// value, without boxing the storage value first (the scan hot path).
func (c *codec) decodeAt(v *storage.Vector, pos int) (any, error) {
	if v.IsNull(pos) {
		return nil, nil
	}
	switch v.Kind {
	case storage.KindInt:
		return c.decodeInt(v.Ints[pos]), nil
	case storage.KindUint:
		return c.decodeUint(uint64(v.Ints[pos])), nil
	case storage.KindFloat:
		if c.class == classFloat32 {
			return float32(v.Floats[pos]), nil
		}
		return v.Floats[pos], nil
	}
	return c.decodeString(string(v.Bytes(pos)))
}

func (c *codec) decodeInt(x int64) any {
	switch c.class {
	case classYear:
		return int16(x)
	case classDecimal:
		return decimal.New(x, -c.scale)
	case classDate:
		return calendar.Midnight(x)
	case classDatetime:
		return time.UnixMicro(x).UTC()
	case classTime:
		return types.Timespan(x)
	}
	switch c.bits {
	case 8:
		return int8(x)
	case 16:
		return int16(x)
	case 24, 32:
		return int32(x)
	}
	return x
}

func (c *codec) decodeUint(x uint64) any {
	if c.class == classBit {
		return x
	}
	switch c.bits {
	case 8:
		return uint8(x)
	case 16:
		return uint16(x)
	case 24, 32:
		return uint32(x)
	}
	return x
}

func (c *codec) decodeString(s string) (any, error) {
	switch c.class {
	case classBinary:
		return []byte(s), nil
	case classWideDec:
		d, err := decimal.NewFromString(s)
		if err != nil {
			return nil, fmt.Errorf("decode decimal %q: %w", s, err)
		}
		return d, nil
	case classEnum:
		// "" is stored for both the error value (index 0) and a member ''
		// (ENUM('', 'a')): read it as the member when there is one, as an
		// INSERT of '' gives it.
		if i := c.typ.(sql.EnumType).IndexOf(s); i > 0 {
			return uint16(i), nil
		}
		return uint16(0), nil
	case classSet:
		// A SET's conversion reads no session state: decoding has no
		// query context to give it.
		v, _, err := c.typ.Convert(context.Background(), s)
		return v, err
	case classJSON:
		return types.NewLazyJSONDocument([]byte(s)), nil
	}
	return s, nil
}

// dateToDays returns the days since 1970-01-01 of t's calendar date,
// rounding towards minus infinity so dates before 1970 stay exact.
func dateToDays(t time.Time) int64 { return calendar.DayOf(t) }

// nativeBits is the width of the Go integer GMS uses for the column's
// values; values of any other width are range-checked by Convert.
func (c *codec) nativeBits() int {
	switch {
	case c.class == classYear:
		return 16
	case c.class == classBit || c.bits == 64:
		return 64
	case c.bits == 24:
		return 32
	}
	return c.bits
}

func nativeWidth(v any) int {
	switch v.(type) {
	case int8, uint8:
		return 8
	case int16, uint16:
		return 16
	case int32, uint32:
		return 32
	case int64, uint64:
		return 64
	}
	return 0
}

func toInt64(v any) (any, bool) {
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
			return int64(1), true
		}
		return int64(0), true
	}
	return nil, false
}

func toUint64(v any) (any, bool) {
	switch x := v.(type) {
	case uint64:
		return x, true
	case uint32:
		return uint64(x), true
	case uint16:
		return uint64(x), true
	case uint8:
		return uint64(x), true
	case uint:
		return uint64(x), true
	}
	return nil, false
}

func toBytesString(v any) (any, bool) {
	switch x := v.(type) {
	case string:
		return x, true
	case []byte:
		return string(x), true
	case sql.StringWrapper:
		s, err := x.Unwrap(context.Background()) // reads no session state
		return s, err == nil
	}
	return nil, false
}
