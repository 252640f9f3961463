package gen

import (
	"bufio"
	"encoding/csv"
	"io"
	"strconv"
)

// table writes the rows of one CSV file. A row's fields are appended into
// one scratch buffer and turned into strings with a single allocation,
// then written through encoding/csv (which does the RFC 4180 quoting) into
// a large bufio.Writer over a byte counter.
type table struct {
	count *counter
	buf   *bufio.Writer
	csv   *csv.Writer
	row   []byte
	ends  []int
	rec   []string
	rows  int64
}

type counter struct {
	w io.Writer
	n int64
}

func (c *counter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

func newTable(w io.Writer, header []string) (*table, error) {
	if w == nil {
		w = io.Discard
	}
	t := &table{count: &counter{w: w}}
	t.buf = bufio.NewWriterSize(t.count, 256<<10)
	t.csv = csv.NewWriter(t.buf) // reuses t.buf: it is a large enough bufio.Writer
	return t, t.csv.Write(header)
}

func (t *table) end() { t.ends = append(t.ends, len(t.row)) }

func (t *table) str(s string) {
	t.row = append(t.row, s...)
	t.end()
}

func (t *table) int(v int64) {
	t.row = strconv.AppendInt(t.row, v, 10)
	t.end()
}

func (t *table) null() { t.end() }

func (t *table) bool(b bool) {
	if b {
		t.row = append(t.row, '1')
	} else {
		t.row = append(t.row, '0')
	}
	t.end()
}

// money writes cents as a decimal with two places.
func (t *table) money(cents int64) {
	t.row = strconv.AppendInt(t.row, cents/100, 10)
	t.row = append(t.row, '.', byte('0'+cents%100/10), byte('0'+cents%10))
	t.end()
}

func (t *table) dateTime(cal *calendar, s int64) {
	t.row = cal.appendDateTime(t.row, s)
	t.end()
}

func (t *table) date(cal *calendar, s int64) {
	t.row = cal.appendDate(t.row, s)
	t.end()
}

// flush writes the fields appended since the last flush as one record.
func (t *table) flush() error {
	s := string(t.row)
	t.rec = t.rec[:0]
	start := 0
	for _, e := range t.ends {
		t.rec = append(t.rec, s[start:e])
		start = e
	}
	t.row, t.ends = t.row[:0], t.ends[:0]
	t.rows++
	return t.csv.Write(t.rec)
}

// close flushes everything to the underlying writer.
func (t *table) close() error {
	t.csv.Flush()
	return t.csv.Error()
}
