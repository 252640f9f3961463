package server

import (
	"fmt"
	"io"
	"math"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/types"
	"github.com/dolthub/vitess/go/sqltypes"
	"github.com/shopspring/decimal"

	"github.com/cohortdb/cohortdb/contract/batch"
	"github.com/cohortdb/cohortdb/contract/calendar"
)

// batchFn is the table function batchcols(n): n rows of every column
// type the column-batch path writes, from an iterator that yields both
// rows (Next) and batches (NextBatch) of the same values, with NULLs,
// dates outside years 1000-9999, extreme integers and decimals, and
// dictionary and plain strings.
type batchFn struct {
	n       sql.Expression
	batches *atomic.Int64 // NextBatch calls, to see which path ran
}

var batchSchema = sql.Schema{
	{Name: "id", Type: types.Int64, Source: "batchcols"},
	{Name: "i32", Type: types.Int32, Source: "batchcols", Nullable: true},
	{Name: "i16", Type: types.Int16, Source: "batchcols"},
	{Name: "i8", Type: types.Int8, Source: "batchcols"},
	{Name: "day", Type: types.Date, Source: "batchcols", Nullable: true},
	{Name: "money", Type: types.MustCreateDecimalType(20, 2), Source: "batchcols"},
	{Name: "d4", Type: types.MustCreateDecimalType(12, 4), Source: "batchcols", Nullable: true},
	{Name: "code", Type: types.MustCreateStringWithDefaults(sqltypes.VarChar, 8), Source: "batchcols"},
	{Name: "txt", Type: types.LongText, Source: "batchcols", Nullable: true},
	{Name: "dbl", Type: types.Float64, Source: "batchcols", Nullable: true},
}

var batchDict = []string{"a", "Größe", "", "zz"}

func batchNull(i, c int) bool {
	return (c == 1 || c == 4 || c == 6 || c == 8 || c == 9) && (i+c)%7 == 0
}

func batchFloat64(i int) float64 {
	switch i % 11 {
	case 1:
		return float64(i) * 1e21
	case 2:
		return math.Copysign(0, -1)
	case 3:
		return 1e6
	case 4:
		return 999999
	case 5:
		return float64(i) * 1e-7
	case 6:
		return -float64(i) * 12345.678
	}
	return float64(i) / 3
}

func batchInts(i int) [7]int64 {
	day := int64(i*37 - 9000)
	switch i % 50 {
	case 3:
		day = -719528 // 0000-01-01
	case 4:
		day = 2932896 // 9999-12-31
	case 5:
		day = -1
	case 6:
		day = -354286 // 0999-12-31
	case 7:
		day = -354285 // 1000-01-01
	}
	money := int64(i*i*131 - 400000)
	switch i % 97 {
	case 1:
		money = -1 << 63
	case 2:
		money = 1<<63 - 1
	case 3:
		money = -5
	case 4:
		money = 0
	}
	return [7]int64{int64(i) * 1e12, int64(i*1000003 - 300000000), int64(i*37 - 9000), int64(i%256 - 128), day, money, int64(i*7919%2000000 - 1000000)}
}

func (f *batchFn) rows(n int) []sql.Row {
	rows := make([]sql.Row, n)
	for i := range rows {
		v := batchInts(i)
		row := sql.Row{v[0], int32(v[1]), int16(v[2]), int8(v[3]), time.Unix(v[4]*86400, 0).UTC(),
			decimal.New(v[5], -2), decimal.New(v[6], -4), batchDict[i%len(batchDict)], fmt.Sprintf("t%d\x00'é", i), batchFloat64(i)}
		for c := range row {
			if batchNull(i, c) {
				row[c] = nil
			}
		}
		rows[i] = row
	}
	return rows
}

type batchColsIter struct {
	rows    []sql.Row
	i       int
	b       batch.Batch
	batches *atomic.Int64
}

func (it *batchColsIter) Next(*sql.Context) (sql.Row, error) {
	if it.i >= len(it.rows) {
		return nil, io.EOF
	}
	it.i++
	return it.rows[it.i-1], nil
}

func (it *batchColsIter) Close(*sql.Context) error { return nil }

// NextBatch hands out batches of varying sizes (up to max).
func (it *batchColsIter) NextBatch(_ *sql.Context, max int) (*batch.Batch, error) {
	it.batches.Add(1)
	n := min(max-it.i%3, len(it.rows)-it.i)
	if n <= 0 {
		return nil, io.EOF
	}
	b := &it.b
	b.N, b.Cols = n, make([]batch.Col, len(batchSchema))
	for j := range n {
		i := it.i + j
		for c := range b.Cols {
			col := &b.Cols[c]
			v := it.rows[i][c]
			switch {
			case c < 7:
				col.Ints = append(col.Ints, batchInt64(v))
			case c == 7:
				col.Codes, col.Dict = append(col.Codes, uint32(i%len(batchDict))), batchDict
			case c == 9:
				f, _ := v.(float64)
				col.Floats = append(col.Floats, f)
			default:
				s, _ := v.(string)
				col.Strs = append(col.Strs, s)
			}
			if v == nil {
				if col.Nulls == nil {
					col.Nulls = make([]bool, n)
				}
				col.Nulls[j] = true
			}
		}
	}
	it.i += n
	return b, nil
}

// batchInt64 is a row value in its batch form.
func batchInt64(v any) int64 {
	switch x := v.(type) {
	case int64:
		return x
	case int32:
		return int64(x)
	case int16:
		return int64(x)
	case int8:
		return int64(x)
	case time.Time:
		return x.Unix() / 86400
	case decimal.Decimal:
		return x.Coefficient().Int64()
	}
	return 0
}

func (f *batchFn) Name() string                                { return "batchcols" }
func (f *batchFn) String() string                              { return "batchcols()" }
func (f *batchFn) Schema() sql.Schema                          { return batchSchema }
func (f *batchFn) Children() []sql.Node                        { return nil }
func (f *batchFn) IsReadOnly() bool                            { return true }
func (f *batchFn) Resolved() bool                              { return f.n == nil || f.n.Resolved() }
func (f *batchFn) Database() sql.Database                      { return nil }
func (f *batchFn) Expressions() []sql.Expression               { return []sql.Expression{f.n} }
func (f *batchFn) WithDatabase(sql.Database) (sql.Node, error) { return f, nil }
func (f *batchFn) WithChildren(...sql.Node) (sql.Node, error)  { return f, nil }
func (f *batchFn) WithExpressions(e ...sql.Expression) (sql.Node, error) {
	nf := *f
	nf.n = e[0]
	return &nf, nil
}
func (f *batchFn) NewInstance(_ *sql.Context, _ sql.Database, args []sql.Expression) (sql.Node, error) {
	if len(args) != 1 {
		return nil, sql.ErrInvalidArgumentNumber.New("batchcols", 1, len(args))
	}
	return &batchFn{n: args[0], batches: f.batches}, nil
}

func (f *batchFn) RowIter(ctx *sql.Context, row sql.Row) (sql.RowIter, error) {
	v, err := f.n.Eval(ctx, row)
	if err != nil {
		return nil, err
	}
	n, _, err := types.Int64.Convert(ctx, v)
	if err != nil {
		return nil, err
	}
	rows := f.rows(max(int(n.(int64)), 0))
	if n.(int64) < 0 { // a date after 9999-12-31, which the type refuses
		rows = f.rows(300)
		rows[250][4] = time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	return &batchColsIter{rows: rows, batches: f.batches}, nil
}

// TestBatchResultPathMatchesGMS: rows written from column batches are
// byte for byte the rows go-mysql-server's handler writes from the same
// iterator's sql.Rows, and FOUND_ROWS is the same afterwards; statements
// that compute anything over the columns take the row path.
func TestBatchResultPathMatchesGMS(t *testing.T) {
	fn := &batchFn{batches: new(atomic.Int64)}
	s := startMemServerWith(t, newMemMeta(), "pw", fn)
	db := s.open(t, "root", "pw", "mydb")
	defer db.Close()
	db.SetMaxOpenConns(1)
	queries := []struct {
		q       string
		batched bool
	}{
		{`SELECT * FROM batchcols(1000)`, true},
		{`SELECT code, id AS k, txt, money, day, dbl FROM batchcols(700)`, true},
		{`SELECT b.* FROM batchcols(3) AS b`, true},
		{`SELECT * FROM batchcols(0)`, true},
		{`SELECT * FROM batchcols(700) LIMIT 600`, false},
		{`SELECT id + 1, money FROM batchcols(300)`, false},
		{`SELECT * FROM batchcols(300) WHERE i8 > 0`, false},
	}
	after := "SELECT FOUND_ROWS(), ROW_COUNT()"
	for _, c := range queries {
		before := fn.batches.Load()
		fast := fetchWire(t, db, c.q)
		fastAfter := fetchWire(t, db, after)
		if got := fn.batches.Load() > before; got != c.batched {
			t.Errorf("%s: read as batches %v, want %v", c.q, got, c.batched)
		}
		p := s.drainer.results.Swap(nil)
		slow := fetchWire(t, db, c.q)
		slowAfter := fetchWire(t, db, after)
		s.drainer.results.Store(p)
		if fast.err != "" || len(fast.rows) == 0 && c.q != `SELECT * FROM batchcols(0)` {
			t.Errorf("%s: %d rows, error %q", c.q, len(fast.rows), fast.err)
		}
		compareWire(t, c.q, fast, slow)
		compareWire(t, c.q+" / "+after, fastAfter, slowAfter)
	}
}

// TestBatchResultPathError: a value the column's type refuses, in the
// first batch, fails the statement with the type's error, and the
// connection stays usable. (Once rows have been sent, vitess can only
// drop the connection, on either path.)
func TestBatchResultPathError(t *testing.T) {
	fn := &batchFn{batches: new(atomic.Int64)}
	s := startMemServerWith(t, newMemMeta(), "pw", fn)
	db := s.open(t, "root", "pw", "mydb")
	defer db.Close()
	db.SetMaxOpenConns(1)
	got := fetchWire(t, db, `SELECT * FROM batchcols(-1)`)
	if !strings.HasPrefix(got.err, "1292 ") || !strings.Contains(got.err, `"10000-01-01" is outside of date range`) {
		t.Errorf("error %q, want 1292 naming the date", got.err)
	}
	if fn.batches.Load() == 0 {
		t.Error("not read as batches")
	}
	var one int
	if err := db.QueryRow("SELECT 1").Scan(&one); err != nil || one != 1 {
		t.Errorf("after the error: %d, %v", one, err)
	}
}

// TestCivil: day numbers to dates agree with package time over years
// -300 to 10300, every day.
func TestCivil(t *testing.T) {
	for d := int64(-829000); d < 3043000; d++ {
		y, m, dd := calendar.CivilFromDays(d)
		ty, tm, td := time.Unix(d*86400, 0).UTC().Date()
		if y != int64(ty) || m != int64(tm) || dd != int64(td) {
			t.Fatalf("CivilFromDays(%d) = %d-%d-%d, time says %d-%d-%d", d, y, m, dd, ty, tm, td)
		}
	}
}
