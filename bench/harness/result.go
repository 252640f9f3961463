package harness

import (
	"database/sql"
	"fmt"
	"math"
	"math/big"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Cell is one normalized result value: numbers (integers, decimals,
// doubles) compare as float64 within a tolerance, everything else as text.
// Drivers differ in what they return (the MySQL text protocol gives bytes,
// DuckDB typed values), so both are brought to this one form.
type Cell struct {
	Text  string
	Num   float64
	IsNum bool
	Null  bool
}

func (c Cell) String() string {
	switch {
	case c.Null:
		return "NULL"
	case c.IsNum:
		return strconv.FormatFloat(c.Num, 'f', -1, 64)
	}
	return c.Text
}

// Result is a query's rows in normalized, sorted form.
type Result struct {
	Columns []string
	Rows    [][]Cell
}

// decimalValue is what DuckDB's driver returns for DECIMAL columns
// (duckdb.Decimal has Float64); matched by method so this file does not
// import the driver.
type decimalValue interface{ Float64() float64 }

func normalize(v any) Cell {
	switch x := v.(type) {
	case nil:
		return Cell{Null: true}
	case []byte:
		return textCell(string(x))
	case string:
		return textCell(x)
	case int64:
		return Cell{Num: float64(x), IsNum: true}
	case int32:
		return Cell{Num: float64(x), IsNum: true}
	case int:
		return Cell{Num: float64(x), IsNum: true}
	case int8:
		return Cell{Num: float64(x), IsNum: true}
	case int16:
		return Cell{Num: float64(x), IsNum: true}
	case uint64:
		return Cell{Num: float64(x), IsNum: true}
	case uint32:
		return Cell{Num: float64(x), IsNum: true}
	case float64:
		return Cell{Num: x, IsNum: true}
	case float32:
		return Cell{Num: float64(x), IsNum: true}
	case *big.Int:
		f, _ := new(big.Float).SetInt(x).Float64()
		return Cell{Num: f, IsNum: true}
	case bool:
		if x {
			return Cell{Num: 1, IsNum: true}
		}
		return Cell{Num: 0, IsNum: true}
	case time.Time:
		return Cell{Text: x.UTC().Format("2006-01-02 15:04:05")}
	case decimalValue:
		return Cell{Num: x.Float64(), IsNum: true}
	}
	return Cell{Text: fmt.Sprint(v)}
}

// textCell reads MySQL text-protocol values: numbers become numeric,
// DATETIME keeps its text (fractional zeros trimmed).
func textCell(s string) Cell {
	if f, err := strconv.ParseFloat(s, 64); err == nil {
		return Cell{Num: f, IsNum: true}
	}
	if len(s) > 19 && s[4] == '-' && s[19] == '.' && strings.Trim(s[20:], "0") == "" {
		s = s[:19]
	}
	return Cell{Text: s}
}

// Collect reads all rows into a Result, sorted so that systems returning
// the same set in a different order compare equal.
func Collect(rows *sql.Rows) (Result, error) { return collect(rows, true) }

// collect reads all rows into a Result, sorted when sorted, else in the
// order returned. A DATE column that the driver returns as a time (DuckDB)
// is read as 'YYYY-MM-DD', the text a MySQL server sends for a DATE.
func collect(rows *sql.Rows, sorted bool) (Result, error) {
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return Result{}, err
	}
	isDate := dateColumns(rows)
	res := Result{Columns: cols}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return Result{}, err
		}
		row := make([]Cell, len(cols))
		for i, v := range vals {
			if t, ok := v.(time.Time); ok && i < len(isDate) && isDate[i] {
				row[i] = Cell{Text: t.Format(time.DateOnly)}
				continue
			}
			row[i] = normalize(v)
		}
		res.Rows = append(res.Rows, row)
	}
	if err := rows.Err(); err != nil {
		return Result{}, err
	}
	if sorted {
		slices.SortFunc(res.Rows, compareRows)
	}
	return res, nil
}

// dateColumns reports which columns the driver types as DATE.
func dateColumns(rows *sql.Rows) []bool {
	types, err := rows.ColumnTypes()
	if err != nil {
		return nil
	}
	isDate := make([]bool, len(types))
	for i, t := range types {
		isDate[i] = strings.EqualFold(t.DatabaseTypeName(), "DATE")
	}
	return isDate
}

// Drain reads and discards all rows: what a timed run does, so that every
// system pays for producing and sending its whole result.
func Drain(rows *sql.Rows) (int, error) {
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return 0, err
	}
	raw := make([]any, len(cols))
	for i := range raw {
		raw[i] = new(any) // RawBytes cannot hold DuckDB's typed values
	}
	n := 0
	for rows.Next() {
		if err := rows.Scan(raw...); err != nil {
			return n, err
		}
		n++
	}
	return n, rows.Err()
}

func compareRows(a, b []Cell) int {
	for i := range min(len(a), len(b)) {
		if c := compareCells(a[i], b[i]); c != 0 {
			return c
		}
	}
	return len(a) - len(b)
}

func compareCells(a, b Cell) int {
	switch {
	case a.Null || b.Null:
		return boolInt(b.Null) - boolInt(a.Null)
	case a.IsNum && b.IsNum:
		if a.Num < b.Num {
			return -1
		} else if a.Num > b.Num {
			return 1
		}
		return 0
	case a.IsNum != b.IsNum:
		return boolInt(b.IsNum) - boolInt(a.IsNum)
	}
	return strings.Compare(a.Text, b.Text)
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// moneyTolerance is how far two numbers may differ and still be equal:
// half a cent, plus a relative slack for sums of doubles.
func closeEnough(a, b float64) bool {
	d := math.Abs(a - b)
	return d <= 0.005 || d <= 1e-9*math.Max(math.Abs(a), math.Abs(b))
}

// Diff describes the first difference between want and got, or "" when
// they agree (same row count, cells equal, numbers within closeEnough).
func Diff(want, got Result) string { return DiffTol(want, got, 0) }

// DiffTol is Diff with numbers equal within relTol relative (plus 1e-9
// absolute) when relTol > 0, else within closeEnough.
func DiffTol(want, got Result, relTol float64) string {
	if len(want.Rows) != len(got.Rows) {
		return fmt.Sprintf("%d rows, want %d%s", len(got.Rows), len(want.Rows), firstDifference(want, got, relTol))
	}
	for i := range want.Rows {
		w, g := want.Rows[i], got.Rows[i]
		if len(w) != len(g) {
			return fmt.Sprintf("row %d: %d columns, want %d", i, len(g), len(w))
		}
		for j := range w {
			if !cellEqual(w[j], g[j], relTol) {
				return fmt.Sprintf("row %d column %s: got %v, want %v (row got %v, want %v)",
					i, colName(want, j), g[j], w[j], g, w)
			}
		}
	}
	return ""
}

func cellEqual(a, b Cell, relTol float64) bool {
	switch {
	case a.Null || b.Null:
		return a.Null == b.Null
	case a.IsNum && b.IsNum && relTol > 0:
		return math.Abs(a.Num-b.Num) <= relTol*math.Max(math.Abs(a.Num), math.Abs(b.Num))+1e-9
	case a.IsNum && b.IsNum:
		return closeEnough(a.Num, b.Num)
	}
	return a.IsNum == b.IsNum && a.Text == b.Text
}

func colName(r Result, j int) string {
	if j < len(r.Columns) {
		return r.Columns[j]
	}
	return strconv.Itoa(j)
}

// firstDifference shows the first row where want and got part (both in
// sorted or in returned order), or that one is a prefix of the other.
func firstDifference(want, got Result, relTol float64) string {
	for i := range min(len(want.Rows), len(got.Rows)) {
		if !rowEqual(want.Rows[i], got.Rows[i], relTol) {
			return fmt.Sprintf(" (first difference at row %d: got %v, want %v)", i, got.Rows[i], want.Rows[i])
		}
	}
	if len(got.Rows) > len(want.Rows) {
		return fmt.Sprintf(" (extra row %d: got %v)", len(want.Rows), got.Rows[len(want.Rows)])
	}
	return fmt.Sprintf(" (missing row %d: want %v)", len(got.Rows), want.Rows[len(got.Rows)])
}

func rowEqual(w, g []Cell, relTol float64) bool {
	if len(w) != len(g) {
		return false
	}
	for j := range w {
		if !cellEqual(w[j], g[j], relTol) {
			return false
		}
	}
	return true
}
