package web

import (
	"fmt"
	"sort"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/cohortdb/cohortdb/contract/floattext"
)

// Shared computations. The charts of one page often read one analytics
// call: the eRFM page's grid, segments and three distributions each
// aggregate rfm() as of one day, the CLV page's deciles, high-value
// share, churn risk and P(alive) by stage clv(). Run as their own
// statements, a cold page load computes the call once per chart. Instead such endpoints name a
// shared statement that groups the call's rows by every key any of them
// needs, with the counts and sums they add up; the cache (cache.go)
// keeps its result per privilege scope and data version and runs it once
// however many endpoints ask for it at the same time, and each endpoint
// adds up the groups it needs. An endpoint still reports its own
// statement (apiResult.SQL), which gives exactly the same rows over the
// MySQL port: grouping the groups again gives the same COUNT(*)s, and
// DECIMAL sums added exactly (at the sums' scale) the same SUMs. The
// browser tests check every chart's rows against that statement.

// sharedStmt is a statement several endpoints derive their rows from.
type sharedStmt struct {
	sql func(a args) string
}

// derived is how an endpoint computes its rows from a shared statement:
// group its rows by keys, add up sums, and order the result.
type derived struct {
	from *sharedStmt
	// cols are the endpoint's columns in order, each a column of the
	// shared result: keys first, then sums.
	cols []derivedCol
	keys int // the first keys cols group; the others are added up
	// skipNull leaves out the rows whose first key is NULL: the shared
	// statement's left join kept them, the endpoint's inner join does not.
	skipNull bool
	// order sorts the result, by cols indexes, as the endpoint's ORDER BY.
	order []orderBy
}

// derivedCol is an output column named name, read from the shared
// result's column from: a key, or (after the keys) how that column's
// values in the group's rows add up.
type derivedCol struct {
	name, from string
	how        calc
	// per names the shared column an average divides by: the count of
	// the group's non-NULL values of from.
	per string
}

// col is a key column, or the exact sum of from.
func col(name, from string) derivedCol { return derivedCol{name: name, from: from} }

// calc is how a column after the keys adds up its group. Each matches
// the aggregate or expression of the endpoint's own statement, so the
// rows are that statement's: sums and counts exactly, DOUBLEs to within
// the rounding of the order they are added in.
type calc int

const (
	sumExact    calc = iota // SUM of integers or DECIMALs, exactly at their scale
	sumDouble               // SUM of DOUBLEs, added exactly and rounded once
	avgDouble               // AVG of a DOUBLE: its sum over per's sum
	shareExact              // x / SUM(x) OVER () of an exact x: DECIMAL, 4 more digits (div_precision_increment), rounded half up
	shareDouble             // x / SUM(x) OVER () of a DOUBLE x
)

// orderBy is one ORDER BY term: the col'th output column, numerically
// when num, descending when desc.
type orderBy struct {
	col       int
	num, desc bool
}

// apply computes the endpoint's result from the shared result res.
func (d *derived) apply(res *Result) (*Result, error) {
	src, out, err := d.columns(res)
	if err != nil {
		return nil, err
	}
	groups, err := d.group(res, src)
	if err != nil {
		return nil, err
	}
	out.Rows = d.rows(groups)
	d.sort(out.Rows)
	return out, nil
}

// columns finds each output column's source columns in res (from, then
// per for averages) and names the output's columns.
func (d *derived) columns(res *Result) ([][2]int, *Result, error) {
	src := make([][2]int, len(d.cols))
	out := &Result{Columns: make([]Column, len(d.cols))}
	for i, c := range d.cols {
		src[i] = [2]int{columnIndex(res, c.from), -1}
		if src[i][0] < 0 {
			return nil, nil, fmt.Errorf("shared result has no column %s", c.from)
		}
		if c.how == avgDouble {
			if src[i][1] = columnIndex(res, c.per); src[i][1] < 0 {
				return nil, nil, fmt.Errorf("shared result has no column %s", c.per)
			}
		}
		out.Columns[i] = res.Columns[src[i][0]]
		out.Columns[i].Name = c.name
		if c.how == shareExact {
			out.Columns[i].Type = "decimal"
		}
	}
	return src, out, nil
}

func columnIndex(res *Result, name string) int {
	for i, c := range res.Columns {
		if c.Name == name {
			return i
		}
	}
	return -1
}

// group is one output row being added up: its keys, and per column
// after the keys the sum of from (and of per for an average).
type group struct {
	keys      []*string
	sums, per []sumOf
}

// group adds up the columns after the keys of res's rows per key, in the
// order the keys first appear.
func (d *derived) group(res *Result, src [][2]int) ([]*group, error) {
	byKey := map[string]*group{}
	var order []*group
	for _, row := range res.Rows {
		if d.skipNull && row[src[0][0]] == nil {
			continue
		}
		var kb strings.Builder
		for _, s := range src[:d.keys] {
			writeKey(&kb, row[s[0]])
		}
		g := byKey[kb.String()]
		if g == nil {
			n := len(src) - d.keys
			g = &group{keys: make([]*string, d.keys), sums: make([]sumOf, n), per: make([]sumOf, n)}
			for i, s := range src[:d.keys] {
				g.keys[i] = row[s[0]]
			}
			byKey[kb.String()] = g
			order = append(order, g)
		}
		for i, s := range src[d.keys:] {
			if err := g.sums[i].add(row[s[0]]); err != nil {
				return nil, fmt.Errorf("%s: %w", d.cols[d.keys+i].name, err)
			}
			if s[1] >= 0 {
				if err := g.per[i].add(row[s[1]]); err != nil {
					return nil, fmt.Errorf("%s: %w", d.cols[d.keys+i].per, err)
				}
			}
		}
	}
	return order, nil
}

// rows are the groups' output rows; a share divides by its column's
// total over all groups.
func (d *derived) rows(groups []*group) [][]*string {
	totals := make([]sumOf, len(d.cols)-d.keys)
	for _, g := range groups {
		for i := range totals {
			totals[i].addSum(g.sums[i])
		}
	}
	rows := make([][]*string, len(groups))
	for r, g := range groups {
		row := append(make([]*string, 0, len(d.cols)), g.keys...)
		for i, c := range d.cols[d.keys:] {
			row = append(row, c.how.value(g.sums[i], g.per[i], totals[i]))
		}
		rows[r] = row
	}
	return rows
}

// value is the text of a group's column: its sum s, the sum per of the
// counts an average divides by, the column's total over all groups.
// Division by zero is NULL, as in MySQL.
func (c calc) value(s, per, total sumOf) *string {
	if !s.any {
		return nil
	}
	switch c {
	case sumDouble:
		return doubleText(s.sum.InexactFloat64())
	case avgDouble:
		if per.sum.IsZero() {
			return nil
		}
		return doubleText(s.sum.InexactFloat64() / per.sum.InexactFloat64())
	case shareExact:
		if total.sum.IsZero() {
			return nil
		}
		t := s.sum.DivRound(total.sum, int32(s.scale+4)).StringFixed(int32(s.scale + 4))
		return &t
	case shareDouble:
		if total.sum.IsZero() {
			return nil
		}
		return doubleText(s.sum.InexactFloat64() / total.sum.InexactFloat64())
	}
	return s.text()
}

// doubleText is f as MySQL writes a DOUBLE.
func doubleText(f float64) *string {
	t := string(floattext.AppendDouble(nil, f))
	return &t
}

// writeKey appends v to a group key, NULL apart from every string.
func writeKey(b *strings.Builder, v *string) {
	if v == nil {
		b.WriteString("\x01\x00")
		return
	}
	b.WriteString("\x02")
	b.WriteString(*v)
	b.WriteString("\x00")
}

// sumOf adds up the wire texts of integers or DECIMALs exactly, as SUM
// does: NULLs are skipped, no value at all is NULL, and the sum keeps the
// values' scale (the digits after the point).
type sumOf struct {
	sum   decimal.Decimal
	scale int
	any   bool
}

func (s *sumOf) add(v *string) error {
	if v == nil {
		return nil
	}
	d, err := decimal.NewFromString(*v)
	if err != nil {
		return fmt.Errorf("%q is not a number", *v)
	}
	if _, frac, ok := strings.Cut(*v, "."); ok && len(frac) > s.scale {
		s.scale = len(frac)
	}
	s.sum = s.sum.Add(d)
	s.any = true
	return nil
}

// addSum adds another sum (a group's, to a total).
func (s *sumOf) addSum(o sumOf) {
	if !o.any {
		return
	}
	s.sum = s.sum.Add(o.sum)
	s.scale = max(s.scale, o.scale)
	s.any = true
}

func (s *sumOf) text() *string {
	if !s.any {
		return nil
	}
	t := s.sum.StringFixed(int32(s.scale))
	return &t
}

// sort orders rows by d.order; NULLs sort first ascending, last
// descending, as MySQL's.
func (d *derived) sort(rows [][]*string) {
	sort.SliceStable(rows, func(i, j int) bool {
		for _, o := range d.order {
			c := compareCell(rows[i][o.col], rows[j][o.col], o.num)
			if c == 0 {
				continue
			}
			return (c < 0) != o.desc
		}
		return false
	})
}

// compareCell compares two wire texts as numbers (num) or as byte
// strings (cohortdb's utf8mb4_0900_bin); NULL is the smallest.
func compareCell(a, b *string, num bool) int {
	switch {
	case a == nil && b == nil:
		return 0
	case a == nil:
		return -1
	case b == nil:
		return 1
	}
	if num {
		da, ea := decimal.NewFromString(*a)
		db, eb := decimal.NewFromString(*b)
		if ea == nil && eb == nil {
			return da.Cmp(db)
		}
	}
	return strings.Compare(*a, *b)
}
