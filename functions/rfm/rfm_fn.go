package rfm

import (
	"io"
	"strings"
	"sync"
	"time"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/types"
	"github.com/dolthub/vitess/go/sqltypes"
	"github.com/shopspring/decimal"

	"github.com/cohortdb/cohortdb/contract/batch"
	"github.com/cohortdb/cohortdb/functions/sqlfn"
)

// moneyScale is the scale of rfm()'s monetary column.
const moneyScale = 2

var moneyType = types.MustCreateDecimalType(20, moneyScale)

var rfmSchema = sql.Schema{
	{Name: "customer_id", Type: types.Int64, Source: "rfm"},
	{Name: "last_order_date", Type: types.Date, Source: "rfm"},
	{Name: "recency_days", Type: types.Int64, Source: "rfm"},
	{Name: "frequency", Type: types.Int64, Source: "rfm"},
	{Name: "monetary", Type: moneyType, Source: "rfm"},
	{Name: "engagement", Type: types.Int64, Source: "rfm"},
	{Name: "r", Type: types.Int8, Source: "rfm"},
	{Name: "f", Type: types.Int8, Source: "rfm"},
	{Name: "m", Type: types.Int8, Source: "rfm"},
	{Name: "e", Type: types.Int8, Source: "rfm"},
	{Name: "rfm_code", Type: types.MustCreateStringWithDefaults(sqltypes.VarChar, 3), Source: "rfm"},
	{Name: "segment", Type: types.MustCreateStringWithDefaults(sqltypes.VarChar, 20), Source: "rfm"},
}

// Scoring methods of rfm().
const (
	methodQuintile   = "quintile"
	methodThresholds = "thresholds"
)

// rfmIter is rfm([as_of [, method]]): one row per customer with at least
// one valid order on or before as_of, ordered by customer_id. Rows are
// built as they are read.
//
// What it computes is charged to the statement's memory until the
// iterator is closed.
func rfmIter(ctx *sql.Context, env sqlfn.Env, args []any) (sql.RowIter, error) {
	g := sqlfn.NewGuard(ctx)
	s, d, err := sharedScores(ctx, g, env, args)
	if err != nil || s == nil {
		g.Release()
		return sql.RowsToRowIter(), err
	}
	it := &rfmRowIter{s: s, d: d, bx: newBoxes(d.asOf), g: g}
	if d.scale > moneyScale {
		return it, nil // amounts are rounded to the column's scale row by row
	}
	return &rfmBatchIter{rfmRowIter: it}, nil
}

// rfmRows is rfm() as a slice, for callers of the module's Rows.
func rfmRows(ctx *sql.Context, env sqlfn.Env, args []any) ([]sql.Row, error) {
	g := sqlfn.NewGuard(ctx)
	defer g.Release()
	s, d, err := sharedScores(ctx, g, env, args)
	if err != nil || s == nil {
		return nil, err
	}
	rows := make([]sql.Row, len(s.idx))
	bx := newBoxes(d.asOf)
	for i := range rows {
		rows[i] = s.row(d, i, bx)
	}
	return rows, nil
}

// shared is where concurrent statements of one scope running the same
// function of the package with the same arguments meet: one computes,
// the others iterate over its scores (rfm(), which nothing mutates once
// computed) or get its rows (sqlfn.SharedRows). The charge stays on the
// statement that computed them, until it is closed.
var shared sqlfn.Flights

// leading, when set (by tests), is called by the statement that computes
// shared scores before it computes them.
var leading func()

// scoresResult is rfmScores' result as shared.
type scoresResult struct {
	s *scored
	d *data
}

// sharedScores is rfmScores, computed once for concurrent statements
// that would compute the same (sqlfn.Flights).
func sharedScores(ctx *sql.Context, g *sqlfn.Guard, env sqlfn.Env, args []any) (*scored, *data, error) {
	v, err := sqlfn.Share(ctx, &shared, env, "rfm", args, func() (any, error) {
		if leading != nil {
			leading()
		}
		s, d, err := rfmScores(g, env, args)
		return scoresResult{s, d}, err
	})
	if err != nil {
		return nil, nil, err
	}
	r := v.(scoresResult)
	return r.s, r.d, nil
}

// rfmScores reads the data and scores every buyer; nil without data.
func rfmScores(g *sqlfn.Guard, env sqlfn.Env, args []any) (*scored, *data, error) {
	const fn = "rfm"
	asOf, set, err := sqlfn.Date(fn, args, 0)
	if err != nil {
		return nil, nil, err
	}
	method, err := sqlfn.String(fn, args, 1, "")
	if err != nil {
		return nil, nil, err
	}
	method = strings.ToLower(strings.TrimSpace(method))
	if method != "" && method != methodQuintile && method != methodThresholds {
		return nil, nil, sqlfn.ErrArg(fn, "argument 2: method %q is not 'quintile' or 'thresholds'", method)
	}
	d, err := gather(g, fn, env, asOf, set, need{events: true})
	if err != nil || d.empty {
		return nil, nil, err
	}
	p, err := loadParams(fn, env, d.db)
	if err != nil {
		return nil, nil, err
	}
	if method == "" {
		method = methodQuintile
		if p.hasBreaks() {
			method = methodThresholds
		}
	}
	if method == methodThresholds && !p.hasBreaks() {
		return nil, nil, sqlfn.ErrArg(fn, "no saved thresholds in %s.settings: CALL erfm_apply() first, or use 'quintile'", d.db)
	}
	s, err := scoreAll(g, d, method, &p)
	return s, d, err
}

// scoredBytes is what scoreAll keeps per buyer (idx, four values, four
// scores) and the two quintile scratch arrays it sorts in.
const scoredBytes = 4 + 4*8 + 4 + 2*8

// scored holds the buyers' values and scores, column by column.
type scored struct {
	idx              []int32 // index into data.cs
	rec, frq, mon, e []int64
	rs, fs, ms, es   []uint8
}

// scoreAll computes the four values and scores of every buyer.
func scoreAll(g *sqlfn.Guard, d *data, method string, p *Params) (*scored, error) {
	n := 0
	for i := range d.cs {
		if d.cs[i].Orders > 0 {
			n++
		}
	}
	if err := g.Grow(int64(n) * scoredBytes); err != nil {
		return nil, err
	}
	s := &scored{idx: make([]int32, 0, n), rec: make([]int64, 0, n), frq: make([]int64, 0, n),
		mon: make([]int64, 0, n), e: make([]int64, 0, n)}
	for i := range d.cs {
		c := &d.cs[i]
		if c.Orders == 0 {
			continue
		}
		s.idx = append(s.idx, int32(i))
		s.rec = append(s.rec, d.recency(c))
		s.frq = append(s.frq, int64(c.Orders))
		s.mon = append(s.mon, c.Revenue)
		s.e = append(s.e, d.engagement(c))
	}
	s.rs, s.fs, s.ms, s.es = make([]uint8, n), make([]uint8, n), make([]uint8, n), make([]uint8, n)
	if method == methodQuintile {
		// The four dimensions are independent: two on another core.
		var wg sync.WaitGroup
		wg.Add(1)
		go func() {
			defer wg.Done()
			scratch := make([]int64, 0, n)
			scratch = QuintileScores(s.rec, false, s.rs, scratch)
			QuintileScores(s.frq, true, s.fs, scratch)
		}()
		scratch := make([]int64, 0, n)
		scratch = QuintileScores(s.mon, true, s.ms, scratch)
		QuintileScores(s.e, true, s.es, scratch)
		wg.Wait()
		return s, nil
	}
	unit := pow10(d.scale)
	for i := 0; i < n; i++ {
		s.rs[i] = ThresholdScore(float64(s.rec[i]), p.Recency, false)
		s.fs[i] = ThresholdScore(float64(s.frq[i]), p.Frequency, true)
		s.ms[i] = ThresholdScore(float64(s.mon[i])/unit, p.Monetary, true)
		s.es[i] = ThresholdScore(float64(s.e[i]), p.Engagement, true)
	}
	return s, nil
}

// row is buyer i's result row. Codes, segments and recent dates repeat
// across buyers: they are boxed once (boxes), not once per row.
func (s *scored) row(d *data, i int, bx *boxes) sql.Row {
	c := &d.cs[s.idx[i]]
	r, f, m := s.rs[i], s.fs[i], s.ms[i]
	k := (int(r)-1)*25 + (int(f)-1)*5 + int(m) - 1
	return sql.Row{c.ID, bx.date(d.asOf - s.rec[i]), s.rec[i], s.frq[i], money(c.Revenue, d.scale), s.e[i],
		int8(r), int8(f), int8(m), int8(s.es[i]), bx.code[k], bx.segment[k]}
}

// boxes holds row values shared by many rows.
type boxes struct {
	code, segment [125]any
	asOf          int64
	dates         []any // by days before asOf
}

func newBoxes(asOf int64) *boxes {
	b := &boxes{asOf: asOf, dates: make([]any, 3*366)}
	for k := range 125 {
		b.code[k], b.segment[k] = codeDict[k], segmentDict[k]
	}
	return b
}

// date is day as a DATE value.
func (b *boxes) date(day int64) any {
	ago := b.asOf - day
	if ago < 0 || ago >= int64(len(b.dates)) {
		return dateOf(day)
	}
	if b.dates[ago] == nil {
		b.dates[ago] = dateOf(day)
	}
	return b.dates[ago]
}

// rfmRowIter yields the scored buyers' rows in customer order.
type rfmRowIter struct {
	s  *scored
	d  *data
	bx *boxes
	g  *sqlfn.Guard // holds the charge of s and d until Close
	i  int
}

func (it *rfmRowIter) Next(*sql.Context) (sql.Row, error) {
	if it.i >= len(it.s.idx) {
		return nil, io.EOF
	}
	it.i++
	return it.s.row(it.d, it.i-1, it.bx), nil
}

func (it *rfmRowIter) Close(*sql.Context) error {
	it.g.Release()
	return nil
}

// rfmBatchIter is rfmRowIter that also yields its rows as column batches
// (batch.Iter), which the result path writes without a sql.Row.
type rfmBatchIter struct {
	*rfmRowIter
	b batch.Batch
}

// codeDict and segmentDict are the rfm_code and segment of each score
// triple k = (r-1)*25 + (f-1)*5 + m-1.
var codeDict, segmentDict = func() (codes, segments []string) {
	for k := range 125 {
		r, f, m := uint8(k/25+1), uint8(k/5%5+1), uint8(k%5+1)
		codes, segments = append(codes, Code(r, f, m)), append(segments, Segment(r, f, m))
	}
	return codes, segments
}()

// rfm()'s columns in rfmSchema order.
const (
	colID = iota
	colLastOrder
	colRecency
	colFrequency
	colMonetary
	colEngagement
	colR
	colF
	colM
	colE
	colCode
	colSegment
	nCols
)

func (it *rfmBatchIter) NextBatch(_ *sql.Context, max int) (*batch.Batch, error) {
	s, d := it.s, it.d
	n := min(max, len(s.idx)-it.i)
	if n <= 0 {
		return nil, io.EOF
	}
	b := &it.b
	if len(b.Cols) == 0 || cap(b.Cols[0].Ints) < n {
		b.Cols = make([]batch.Col, nCols)
		for c := range colCode {
			b.Cols[c].Ints = make([]int64, n)
		}
		b.Cols[colCode] = batch.Col{Codes: make([]uint32, n), Dict: codeDict}
		b.Cols[colSegment] = batch.Col{Codes: make([]uint32, n), Dict: segmentDict}
	}
	for c := range b.Cols {
		col := &b.Cols[c]
		if col.Ints != nil {
			col.Ints = col.Ints[:n]
		} else {
			col.Codes = col.Codes[:n]
		}
	}
	unit := int64(pow10(moneyScale - d.scale))
	cols := b.Cols
	for j := range n {
		i := it.i + j
		r, f, m := s.rs[i], s.fs[i], s.ms[i]
		c := &d.cs[s.idx[i]]
		cols[colID].Ints[j] = c.ID
		cols[colLastOrder].Ints[j] = d.asOf - s.rec[i]
		cols[colRecency].Ints[j] = s.rec[i]
		cols[colFrequency].Ints[j] = s.frq[i]
		cols[colMonetary].Ints[j] = c.Revenue * unit
		cols[colEngagement].Ints[j] = s.e[i]
		cols[colR].Ints[j], cols[colF].Ints[j], cols[colM].Ints[j] = int64(r), int64(f), int64(m)
		cols[colE].Ints[j] = int64(s.es[i])
		k := uint32(r-1)*25 + uint32(f-1)*5 + uint32(m-1)
		cols[colCode].Codes[j], cols[colSegment].Codes[j] = k, k
	}
	it.i += n
	b.N = n
	return b, nil
}

func pow10(n int32) float64 {
	v := 1.0
	for ; n > 0; n-- {
		v *= 10
	}
	return v
}

// money is a scaled integer amount as a decimal.
func money(v int64, scale int32) decimal.Decimal { return decimal.New(v, -scale) }

// dateOf is day number d as a DATE value.
func dateOf(d int64) time.Time { return time.Unix(d*86400, 0).UTC() }
