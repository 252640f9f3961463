package segments

import (
	"math"
	"strings"

	"github.com/RoaringBitmap/roaring/v2/roaring64"
	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/types"
	"github.com/shopspring/decimal"

	"github.com/cohortdb/cohortdb/functions/sqlfn"
)

// checkQuery accepts only a single query (SELECT, WITH, TABLE or a
// parenthesised query): Env.Exec runs as root, so a segment definition
// must not be a way to run DDL or writes.
func checkQuery(fn, q string) error {
	t := strings.TrimSpace(q)
	t = strings.TrimSuffix(t, ";")
	if t == "" {
		return sqlfn.ErrArg(fn, "the segment query is empty")
	}
	if strings.Contains(t, ";") && !quotedSemicolonsOnly(t) {
		return sqlfn.ErrArg(fn, "the segment query must be one statement")
	}
	head := strings.ToUpper(strings.TrimLeft(t, "( \t\r\n"))
	for _, kw := range []string{"SELECT", "WITH", "TABLE", "VALUES"} {
		if strings.HasPrefix(head, kw) {
			return nil
		}
	}
	return sqlfn.ErrArg(fn, "the segment query must be a SELECT returning one integer column of customer ids, got %q", abbrev(q))
}

// quotedSemicolonsOnly reports whether every ';' of q is inside a quoted
// string or identifier.
func quotedSemicolonsOnly(q string) bool {
	var quote byte
	for i := 0; i < len(q); i++ {
		c := q[i]
		switch {
		case quote != 0 && c == '\\' && quote != '`':
			i++ // the escaped byte stays inside the string
		case quote != 0 && c == quote:
			quote = 0
		case quote == 0 && (c == '\'' || c == '"' || c == '`'):
			quote = c
		case quote == 0 && c == ';':
			return false
		}
	}
	return true
}

func abbrev(s string) string {
	if len(s) > 60 {
		return s[:57] + "..."
	}
	return s
}

// evaluate runs the segment query in database db (with the caller's
// privileges) and returns its members. The query must return exactly one integer column; NULLs are
// skipped, negative ids are an error.
func evaluate(fn string, ctx *sql.Context, env sqlfn.Env, db, q string) (*roaring64.Bitmap, error) {
	if err := checkQuery(fn, q); err != nil {
		return nil, err
	}
	sch, rows, err := env.ExecIn(db, q)
	if err != nil {
		return nil, err // the client sees the query's own error and code
	}
	if len(sch) != 1 {
		names := make([]string, len(sch))
		for i, c := range sch {
			names[i] = c.Name
		}
		return nil, sqlfn.ErrArg(fn, "the segment query must return exactly one integer column of customer ids, it returns %d (%s)",
			len(sch), strings.Join(names, ", "))
	}
	if t := sch[0].Type; !types.IsInteger(t) && !isIntDecimal(t) {
		return nil, sqlfn.ErrArg(fn, "the segment query's column %s is %s, not an integer column of customer ids",
			sch[0].Name, t.String())
	}
	bm := roaring64.New()
	for _, r := range rows {
		id, ok, err := customerID(fn, r[0])
		if err != nil {
			return nil, err
		}
		if ok {
			bm.Add(id)
		}
	}
	bm.RunOptimize()
	return bm, nil
}

// isIntDecimal accepts DECIMAL(p,0), which integer arithmetic and SUM
// of integers produce.
func isIntDecimal(t sql.Type) bool {
	d, ok := t.(sql.DecimalType)
	return ok && d.Scale() == 0
}

// customerID converts one result value; ok is false for NULL.
func customerID(fn string, v any) (uint64, bool, error) {
	if v == nil {
		return 0, false, nil
	}
	var n int64
	switch x := v.(type) {
	case uint64:
		if x > math.MaxInt64 {
			return 0, false, sqlfn.ErrArg(fn, "the segment query returned customer id %d, beyond BIGINT", x)
		}
		return x, true, nil
	case uint32:
		return uint64(x), true, nil
	case decimal.Decimal:
		n = x.IntPart()
	default:
		var err error
		if n, err = sqlfn.Int(fn, []any{v}, 0, 0); err != nil {
			return 0, false, sqlfn.ErrArg(fn, "the segment query returned %v, not a customer id", v)
		}
	}
	if n < 0 {
		return 0, false, sqlfn.ErrArg(fn, "the segment query returned customer id %d; ids must not be negative", n)
	}
	return uint64(n), true, nil
}
