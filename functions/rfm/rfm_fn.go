package rfm

import (
	"strings"
	"time"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/types"
	"github.com/dolthub/vitess/go/sqltypes"
	"github.com/shopspring/decimal"

	"github.com/cohortdb/cohortdb/functions/sqlfn"
)

var moneyType = types.MustCreateDecimalType(20, 2)

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

// rfmRows is rfm([as_of [, method]]): one row per customer with at least
// one valid order on or before as_of, ordered by customer_id.
func rfmRows(ctx *sql.Context, env sqlfn.Env, args []any) ([]sql.Row, error) {
	const fn = "rfm"
	asOf, set, err := sqlfn.Date(fn, args, 0)
	if err != nil {
		return nil, err
	}
	method, err := sqlfn.String(fn, args, 1, "")
	if err != nil {
		return nil, err
	}
	method = strings.ToLower(strings.TrimSpace(method))
	if method != "" && method != methodQuintile && method != methodThresholds {
		return nil, sqlfn.ErrArg(fn, "argument 2: method %q is not 'quintile' or 'thresholds'", method)
	}
	d, err := gather(fn, env, asOf, set, need{events: true})
	if err != nil || d.empty {
		return nil, err
	}
	p, err := loadParams(fn, env, d.db)
	if err != nil {
		return nil, err
	}
	if method == "" {
		method = methodQuintile
		if p.hasBreaks() {
			method = methodThresholds
		}
	}
	if method == methodThresholds && !p.hasBreaks() {
		return nil, sqlfn.ErrArg(fn, "no saved thresholds in %s.settings: CALL erfm_apply() first, or use 'quintile'", d.db)
	}
	s := scoreAll(d, method, &p)
	return s.rows(d), nil
}

// scored holds the buyers' values and scores, column by column.
type scored struct {
	idx              []int32 // index into data.cs
	rec, frq, mon, e []int64
	rs, fs, ms, es   []uint8
}

// scoreAll computes the four values and scores of every buyer.
func scoreAll(d *data, method string, p *Params) *scored {
	s := &scored{}
	for i := range d.cs {
		c := &d.cs[i]
		if c.Orders == 0 {
			continue
		}
		s.idx = append(s.idx, int32(i))
		s.rec = append(s.rec, d.recency(c))
		s.frq = append(s.frq, int64(c.Orders))
		s.mon = append(s.mon, c.Revenue)
		s.e = append(s.e, c.Engagement())
	}
	n := len(s.idx)
	s.rs, s.fs, s.ms, s.es = make([]uint8, n), make([]uint8, n), make([]uint8, n), make([]uint8, n)
	if method == methodQuintile {
		scratch := make([]int64, 0, n)
		scratch = QuintileScores(s.rec, false, s.rs, scratch)
		scratch = QuintileScores(s.frq, true, s.fs, scratch)
		scratch = QuintileScores(s.mon, true, s.ms, scratch)
		QuintileScores(s.e, true, s.es, scratch)
		return s
	}
	unit := pow10(d.scale)
	for i := 0; i < n; i++ {
		s.rs[i] = ThresholdScore(float64(s.rec[i]), p.Recency, false)
		s.fs[i] = ThresholdScore(float64(s.frq[i]), p.Frequency, true)
		s.ms[i] = ThresholdScore(float64(s.mon[i])/unit, p.Monetary, true)
		s.es[i] = ThresholdScore(float64(s.e[i]), p.Engagement, true)
	}
	return s
}

func (s *scored) rows(d *data) []sql.Row {
	rows := make([]sql.Row, len(s.idx))
	for i, ci := range s.idx {
		c := &d.cs[ci]
		r, f, m := s.rs[i], s.fs[i], s.ms[i]
		rows[i] = sql.Row{c.ID, dateOf(dayOf(c.Last)), s.rec[i], s.frq[i], money(c.Revenue, d.scale), s.e[i],
			int8(r), int8(f), int8(m), int8(s.es[i]), Code(r, f, m), Segment(r, f, m)}
	}
	return rows
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
