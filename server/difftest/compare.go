package difftest

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
)

// Kinds of difference between two answers to one statement. An allow-list
// entry names the kinds it excuses.
const (
	KindError    = "error"    // one side failed, or the error numbers differ
	KindSQLState = "sqlstate" // same error number, different SQLSTATE
	KindNames    = "names"    // column names
	KindType     = "type"     // protocol column type (of a different family)
	KindIntWidth = "intwidth" // both integer types, of different widths (INT vs BIGINT)
	KindLength   = "length"   // column length in the result metadata
	KindDecimals = "decimals" // column decimals in the result metadata
	KindFlags    = "flags"    // UNSIGNED / BINARY column flags
	KindRows     = "rows"     // the rows (as multisets unless ordered)
	KindTimeout  = "timeout"  // a statement did not finish or broke the connection
)

// Kinds lists every kind, in report order.
var Kinds = []string{KindError, KindSQLState, KindNames, KindType, KindIntWidth, KindLength, KindDecimals, KindFlags, KindRows, KindTimeout}

// Diff is one difference between the answers of two servers.
type Diff struct {
	Kind   string
	Detail string
}

// CompareOptions says what Compare looks at.
type CompareOptions struct {
	Ordered  bool // row order matters (the statement's ORDER BY is total)
	MetaOnly bool // compare errors and metadata, not row values (server-specific values)
	Exact    bool // no tolerance for DOUBLE values (cohortdb against itself)
}

// Compare returns the differences between want (the reference server)
// and got (cohortdb), at most one per kind.
func Compare(want, got Result, opt CompareOptions) []Diff {
	if want.Other != nil || got.Other != nil {
		return []Diff{{KindTimeout, fmt.Sprintf("reference: %v; cohortdb: %v", want.Other, got.Other)}}
	}
	if want.Err != nil || got.Err != nil {
		return compareErrors(want, got)
	}
	diffs := compareColumns(want.Columns, got.Columns)
	if !opt.MetaOnly {
		if d, ok := compareRows(want, got, opt); !ok {
			diffs = append(diffs, Diff{KindRows, d})
		}
	}
	return diffs
}

func describeErr(r Result) string {
	if r.Err == nil {
		return fmt.Sprintf("success (%d rows)", len(r.Rows))
	}
	return fmt.Sprintf("%d %s %q", r.Err.Number, string(r.Err.SQLState[:]), r.Err.Message)
}

func compareErrors(want, got Result) []Diff {
	switch {
	case want.Err == nil || got.Err == nil || want.Err.Number != got.Err.Number:
		return []Diff{{KindError, "reference: " + describeErr(want) + "; cohortdb: " + describeErr(got)}}
	case want.Err.SQLState != got.Err.SQLState:
		return []Diff{{KindSQLState, "reference: " + describeErr(want) + "; cohortdb: " + describeErr(got)}}
	}
	return nil
}

func compareColumns(want, got []Column) []Diff {
	if len(want) != len(got) {
		return []Diff{{KindNames, fmt.Sprintf("reference has %d columns %v; cohortdb %d %v", len(want), colNames(want), len(got), colNames(got))}}
	}
	var diffs []Diff
	add := func(kind string, i int, w, g any) {
		for _, d := range diffs {
			if d.Kind == kind {
				return // one per kind: the first column tells the story
			}
		}
		diffs = append(diffs, Diff{kind, fmt.Sprintf("column %d %q: reference %v, cohortdb %v", i+1, want[i].Name, w, g)})
	}
	for i := range want {
		w, g := want[i], got[i]
		if w.Name != g.Name {
			add(KindNames, i, strconv.Quote(w.Name), strconv.Quote(g.Name))
		}
		switch {
		case w.Type == g.Type:
		case isInt(w.Type) && isInt(g.Type):
			add(KindIntWidth, i, w.TypeName(), g.TypeName())
		default:
			add(KindType, i, w.TypeName(), g.TypeName())
		}
		if w.Length != g.Length {
			add(KindLength, i, w.Length, g.Length)
		}
		if w.Decimals != g.Decimals {
			add(KindDecimals, i, w.Decimals, g.Decimals)
		}
		if mask := uint16(flagUnsigned | flagBinary); w.Flags&mask != g.Flags&mask {
			add(KindFlags, i, flagNames(w.Flags&mask), flagNames(g.Flags&mask))
		}
	}
	return diffs
}

func colNames(cols []Column) []string {
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = c.Name
	}
	return out
}

func flagNames(f uint16) string {
	var s []string
	if f&flagUnsigned != 0 {
		s = append(s, "UNSIGNED")
	}
	if f&flagBinary != 0 {
		s = append(s, "BINARY")
	}
	if len(s) == 0 {
		return "-"
	}
	return strings.Join(s, "|")
}

// compareRows compares the row sets; DOUBLE and FLOAT values of columns
// both servers typed as floating point are equal within 1e-9 relative
// (summation order differs), unless opt.Exact, as long as they are
// written in the same notation; values equal as numbers must be equal as
// text.
func compareRows(want, got Result, opt CompareOptions) (string, bool) {
	if len(want.Rows) != len(got.Rows) {
		return fmt.Sprintf("reference %d rows, cohortdb %d rows; first rows: %s | %s",
			len(want.Rows), len(got.Rows), firstRow(want.Rows), firstRow(got.Rows)), false
	}
	floats := floatColumns(want.Columns, got.Columns)
	w, g := want.Rows, got.Rows
	if !opt.Ordered {
		w, g = sortedRows(w), sortedRows(g)
	}
	for i := range w {
		if !rowsEqual(w[i], g[i], floats, opt.Exact) {
			return fmt.Sprintf("row %d: reference %s, cohortdb %s", i+1, formatRow(w[i]), formatRow(g[i])), false
		}
	}
	return "", true
}

func floatColumns(want, got []Column) []bool {
	out := make([]bool, len(want))
	for i := range want {
		if i < len(got) {
			out[i] = isFloat(want[i].Type) && isFloat(got[i].Type)
		}
	}
	return out
}

func isInt(t byte) bool {
	switch t {
	case 0x01, 0x02, 0x03, 0x08, 0x09:
		return true
	}
	return false
}

func isFloat(t byte) bool { return t == 0x04 || t == 0x05 }

func rowsEqual(a, b []string, floats []bool, exact bool) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] == b[i] {
			continue
		}
		if exact || i >= len(floats) || !floats[i] || !floatsClose(a[i], b[i]) {
			return false
		}
	}
	return true
}

func floatsClose(a, b string) bool {
	x, err1 := strconv.ParseFloat(a, 64)
	y, err2 := strconv.ParseFloat(b, 64)
	if err1 != nil || err2 != nil {
		return false
	}
	// A difference in form (1e+06 vs 1000000) is a difference.
	if strings.ContainsAny(a, "eE") != strings.ContainsAny(b, "eE") {
		return false
	}
	if x == y {
		// Equal values must be written alike (MySQL's notation:
		// 0.000012345, not 1.2345e-05; -0 for -0).
		return false
	}
	return math.Abs(x-y) <= 1e-9*math.Max(math.Abs(x), math.Abs(y))
}

func sortedRows(rows [][]string) [][]string {
	out := slices.Clone(rows)
	slices.SortFunc(out, func(a, b []string) int { return slices.Compare(a, b) })
	return out
}

func firstRow(rows [][]string) string {
	if len(rows) == 0 {
		return "(none)"
	}
	return formatRow(rows[0])
}

// formatRow renders a row for a report: values quoted, NULL bare.
func formatRow(row []string) string {
	parts := make([]string, len(row))
	for i, v := range row {
		if v == Null {
			parts[i] = "NULL"
		} else {
			parts[i] = strconv.Quote(v)
		}
	}
	s := "(" + strings.Join(parts, ", ") + ")"
	if len(s) > 300 {
		s = s[:300] + "…"
	}
	return s
}
