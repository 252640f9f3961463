package engine

import (
	"fmt"
	"math"
	"strings"
	"unicode/utf8"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/plan"
	"github.com/dolthub/go-mysql-server/sql/types"
	"github.com/dolthub/vitess/go/mysql"
	"github.com/dolthub/vitess/go/vt/proto/query"
)

// An INSERT's value out of its integer column's range is answered as
// MySQL 8 answers it: in strict mode (STRICT_TRANS_TABLES or
// STRICT_ALL_TABLES) without IGNORE the statement fails with 1264 "Out
// of range value for column 'c' at row N"; with IGNORE or in a
// non-strict mode the column's closest value is stored and the same
// text is a Warning. GMS v0.20.0 converts the rows itself after its
// source has produced them, failing with "1000 out of range for
// tinyint" in every mode, noting it under IGNORE as a Note 1105 with no
// column or row, and storing -5 into SMALLINT UNSIGNED as 65531: so the
// builder puts a rangedSource between the INSERT and its source, which
// brings each value into its column's range first, and GMS's own
// conversion finds nothing out of range.
//
// A string longer than its CHAR or VARCHAR column is answered the same
// way: in strict mode without IGNORE 1406 "Data too long for column 'c'
// at row N", else its first characters are stored with Warning 1265
// "Data truncated for column 'c' at row N" (GMS: "string 'abcdef' is too
// large for column 's'", and under IGNORE a Note 1105 showing the
// string's bytes). An excess of spaces only is trimmed in every mode, as
// MySQL trims it (with Note 1265 for VARCHAR, silently for CHAR).

// rangedSource is an INSERT's source whose integer and string values
// are brought into their columns' ranges and lengths. It exists only
// between Build calls.
type rangedSource struct {
	child  sql.Node
	dest   sql.Schema // the INSERT's destination columns, which the rows end with
	ignore bool       // INSERT IGNORE
	rows   *int       // the rows read so far, for ON DUPLICATE KEY UPDATE's messages
}

var _ sql.Node = (*rangedSource)(nil)

func (r *rangedSource) Resolved() bool       { return r.child.Resolved() }
func (r *rangedSource) IsReadOnly() bool     { return r.child.IsReadOnly() }
func (r *rangedSource) Schema() sql.Schema   { return r.child.Schema() }
func (r *rangedSource) Children() []sql.Node { return []sql.Node{r.child} }
func (r *rangedSource) String() string       { return fmt.Sprintf("Ranged(%s)", r.child) }
func (r *rangedSource) WithChildren(children ...sql.Node) (sql.Node, error) {
	if len(children) != 1 {
		return nil, sql.ErrInvalidChildrenNumber.New(r, len(children), 1)
	}
	nr := *r
	nr.child = children[0]
	return &nr, nil
}

// rangeChecked is ins with its source ranged, or nil when it has no
// integer, CHAR or VARCHAR column, is a LOAD DATA (the loader checks its
// values) or is ranged already. The values its ON DUPLICATE KEY UPDATE
// gives integer columns are ranged as UPDATE's SETs are (rangeUpdate),
// numbered with the row of the source that hit the taken key.
func rangeChecked(ctx *sql.Context, ins *plan.InsertInto) *plan.InsertInto {
	if ins.Source == nil || ins.Destination == nil {
		return nil
	}
	if _, done := ins.Source.(*rangedSource); done || findLoadData(ins.Source) != nil {
		return nil
	}
	dest := ins.Destination.Schema()
	for _, col := range dest {
		_, _, isInt := intBounds(col.Type)
		if _, isChar := charLength(col.Type); isInt || isChar {
			rows := new(int)
			out := ins.WithSource(&rangedSource{child: ins.Source, dest: dest, ignore: ins.Ignore, rows: rows})
			if sets, changed := fitSets(ins.OnDupExprs, ins.Ignore || !strictMode(ctx), rows, false); changed {
				odku := *out
				odku.OnDupExprs = sets
				out = &odku
			}
			return out
		}
	}
	return nil
}

func (b *loadDataBuilder) buildRanged(ctx *sql.Context, r *rangedSource, row sql.Row) (sql.RowIter, error) {
	it, err := b.base.Build(ctx, r.child, row)
	if err != nil {
		return nil, err
	}
	return &rangedIter{RowIter: it, dest: r.dest, warn: r.ignore || !strictMode(ctx), rows: r.rows}, nil
}

// strictMode reports whether ctx's sql_mode is strict
// (STRICT_TRANS_TABLES or STRICT_ALL_TABLES).
func strictMode(ctx *sql.Context) bool {
	mode := sql.LoadSqlMode(ctx)
	return mode.ModeEnabled("STRICT_TRANS_TABLES") || mode.ModeEnabled("STRICT_ALL_TABLES")
}

// rangedIter brings the integer and string values of its rows into
// their columns' ranges and lengths: the closest value and a warning
// when warn, else the statement fails.
type rangedIter struct {
	sql.RowIter
	dest sql.Schema
	warn bool
	n    int // rows read: the row number MySQL's messages give
	rows *int
}

func (it *rangedIter) Next(ctx *sql.Context) (sql.Row, error) {
	row, err := it.RowIter.Next(ctx)
	if err != nil {
		return row, err
	}
	it.n++
	if it.rows != nil {
		*it.rows = it.n
	}
	if len(row) < len(it.dest) {
		return row, nil // not the shape GMS inserts: left to GMS
	}
	off := len(row) - len(it.dest)
	for i, col := range it.dest {
		v := row[off+i]
		if v == nil {
			continue
		}
		var err error
		if n, isChar := charLength(col.Type); isChar {
			if str, isStr := v.(string); isStr {
				row[off+i], err = it.fitString(ctx, col, str, n)
			}
		} else {
			row[off+i], err = it.fitInt(ctx, col, v)
		}
		if err != nil {
			return nil, err
		}
	}
	return row, nil
}

// fitInt is v for an integer column col: the column's closest value
// when v is out of its range (or the error when not warn).
func (it *rangedIter) fitInt(ctx *sql.Context, col *sql.Column, v any) (any, error) {
	return fitInteger(ctx, col, v, it.warn, it.n)
}

// fitInteger is v for column col, at MySQL's row number n of the
// statement: when col is an integer column and v out of its range, the
// column's closest value and a Warning when warn, else MySQL's 1264.
func fitInteger(ctx *sql.Context, col *sql.Column, v any, warn bool, n int) (any, error) {
	lo, hi, ok := intBounds(col.Type)
	if !ok {
		return v, nil
	}
	if f, isInt := intValue(v); isInt && f >= lo.f && f <= hi.f {
		// The common case, without a conversion per value. (float64
		// rounds a value just past a 64-bit limit onto it: GMS's own
		// conversion then refuses it, with its own text.)
		return v, nil
	}
	if _, inRange, err := col.Type.Convert(ctx, v); err != nil || inRange == sql.InRange {
		return v, nil // in range, or not a number: GMS's to answer
	}
	f, _, err := types.Float64.Convert(ctx, v)
	if err != nil {
		return v, nil
	}
	var closest any
	switch x := f.(float64); {
	case x < lo.f:
		closest = lo.v
	case x > hi.f:
		closest = hi.v
	default:
		return v, nil
	}
	if !warn {
		return nil, mysql.NewSQLError(erWarnDataOutOfRange, "22003", "Out of range value for column '%s' at row %d", col.Name, n)
	}
	fitted, _, err := col.Type.Convert(ctx, closest)
	if err != nil {
		return nil, err
	}
	ctx.Session.Warn(&sql.Warning{Level: "Warning", Code: erWarnDataOutOfRange,
		Message: fmt.Sprintf("Out of range value for column '%s' at row %d", col.Name, n)})
	return fitted, nil
}

// fitString is s for column col, a CHAR or VARCHAR of n characters: its
// first n characters when it is longer (or the error when not warn).
func (it *rangedIter) fitString(ctx *sql.Context, col *sql.Column, s string, n int) (any, error) {
	if utf8.RuneCountInString(s) <= n {
		return s, nil
	}
	cut := len(s)
	for i := range s {
		if n == 0 {
			cut = i
			break
		}
		n--
	}
	if strings.TrimRight(s[cut:], " ") == "" {
		if col.Type.Type() == query.Type_VARCHAR {
			ctx.Session.Warn(&sql.Warning{Level: "Note", Code: erWarnDataTruncated,
				Message: fmt.Sprintf("Data truncated for column '%s' at row %d", col.Name, it.n)})
		}
		return s[:cut], nil
	}
	if !it.warn {
		return nil, mysql.NewSQLError(erDataTooLong, "22001", "Data too long for column '%s' at row %d", col.Name, it.n)
	}
	ctx.Session.Warn(&sql.Warning{Level: "Warning", Code: erWarnDataTruncated,
		Message: fmt.Sprintf("Data truncated for column '%s' at row %d", col.Name, it.n)})
	return s[:cut], nil
}

// charLength is the length in characters of a CHAR or VARCHAR type; ok
// is false for other types.
func charLength(t sql.Type) (n int, ok bool) {
	st, isStr := t.(sql.StringType)
	if !isStr || t.Type() != query.Type_VARCHAR && t.Type() != query.Type_CHAR {
		return 0, false
	}
	return int(st.MaxCharacterLength()), true
}

// MySQL's codes of values that do not fit their column.
const (
	erDataTooLong       = 1406 // ER_DATA_TOO_LONG
	erWarnDataTruncated = 1265 // WARN_DATA_TRUNCATED
)

// intValue is v as a float64 when v is a Go integer.
func intValue(v any) (float64, bool) {
	switch x := v.(type) {
	case int64:
		return float64(x), true
	case int32:
		return float64(x), true
	case int:
		return float64(x), true
	case int16:
		return float64(x), true
	case int8:
		return float64(x), true
	case uint64:
		return float64(x), true
	case uint32:
		return float64(x), true
	case uint16:
		return float64(x), true
	case uint8:
		return float64(x), true
	}
	return 0, false
}

// erWarnDataOutOfRange is ER_WARN_DATA_OUT_OF_RANGE.
const erWarnDataOutOfRange = 1264

// bound is a limit of an integer type, exact and as a float64 to
// compare with.
type bound struct {
	v any
	f float64
}

func signed(v int64) bound    { return bound{v, float64(v)} }
func unsigned(v uint64) bound { return bound{v, float64(v)} }

// intBounds are the least and greatest values of an integer type; ok is
// false for other types.
func intBounds(t sql.Type) (lo, hi bound, ok bool) {
	if _, isNum := t.(sql.NumberType); !isNum {
		return lo, hi, false
	}
	switch t.Type() {
	case query.Type_INT8:
		return signed(math.MinInt8), signed(math.MaxInt8), true
	case query.Type_UINT8:
		return unsigned(0), unsigned(math.MaxUint8), true
	case query.Type_INT16:
		return signed(math.MinInt16), signed(math.MaxInt16), true
	case query.Type_UINT16:
		return unsigned(0), unsigned(math.MaxUint16), true
	case query.Type_INT24:
		return signed(-1 << 23), signed(1<<23 - 1), true
	case query.Type_UINT24:
		return unsigned(0), unsigned(1<<24 - 1), true
	case query.Type_INT32:
		return signed(math.MinInt32), signed(math.MaxInt32), true
	case query.Type_UINT32:
		return unsigned(0), unsigned(math.MaxUint32), true
	case query.Type_INT64:
		return signed(math.MinInt64), signed(math.MaxInt64), true
	case query.Type_UINT64:
		return unsigned(0), unsigned(math.MaxUint64), true
	}
	return lo, hi, false
}
