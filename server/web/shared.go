package web

import (
	"fmt"
	"sort"
	"strings"

	"github.com/shopspring/decimal"
)

// Shared computations. The charts of one page often read one analytics
// call: the eRFM page's grid, segments and three distributions each
// aggregate rfm() as of one day. Run as their own statements, a cold page
// load computes rfm() once per chart. Instead such endpoints name a
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
	// order sorts the result, by cols indexes, as the endpoint's ORDER BY.
	order []orderBy
}

// derivedCol is an output column named name, read from the shared
// result's column from.
type derivedCol struct{ name, from string }

// orderBy is one ORDER BY term: the col'th output column, numerically
// when num, descending when desc.
type orderBy struct {
	col       int
	num, desc bool
}

// apply computes the endpoint's result from the shared result res.
func (d *derived) apply(res *Result) (*Result, error) {
	idx := make([]int, len(d.cols))
	out := &Result{Columns: make([]Column, len(d.cols))}
	for i, c := range d.cols {
		idx[i] = columnIndex(res, c.from)
		if idx[i] < 0 {
			return nil, fmt.Errorf("shared result has no column %s", c.from)
		}
		out.Columns[i] = res.Columns[idx[i]]
		out.Columns[i].Name = c.name
	}
	groups, err := d.group(res, idx)
	if err != nil {
		return nil, err
	}
	out.Rows = groups
	d.sort(out.Rows)
	return out, nil
}

func columnIndex(res *Result, name string) int {
	for i, c := range res.Columns {
		if c.Name == name {
			return i
		}
	}
	return -1
}

// group adds up the sum columns of res's rows per key.
func (d *derived) group(res *Result, idx []int) ([][]*string, error) {
	type acc struct {
		row  []*string
		sums []sumOf
	}
	byKey := map[string]*acc{}
	var order []*acc
	for _, row := range res.Rows {
		var kb strings.Builder
		for _, j := range idx[:d.keys] {
			writeKey(&kb, row[j])
		}
		a := byKey[kb.String()]
		if a == nil {
			a = &acc{row: make([]*string, len(idx)), sums: make([]sumOf, len(idx)-d.keys)}
			for i, j := range idx[:d.keys] {
				a.row[i] = row[j]
			}
			byKey[kb.String()] = a
			order = append(order, a)
		}
		for i, j := range idx[d.keys:] {
			if err := a.sums[i].add(row[j]); err != nil {
				return nil, fmt.Errorf("%s: %w", d.cols[d.keys+i].name, err)
			}
		}
	}
	rows := make([][]*string, len(order))
	for r, a := range order {
		for i := range a.sums {
			a.row[d.keys+i] = a.sums[i].text()
		}
		rows[r] = a.row
	}
	return rows, nil
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
