package mysqlfn

import (
	"io"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/expression"
	"github.com/dolthub/go-mysql-server/sql/expression/function/aggregation"
	"github.com/dolthub/go-mysql-server/sql/expression/function/aggregation/window"
	"github.com/dolthub/go-mysql-server/sql/transform"
	"github.com/dolthub/go-mysql-server/sql/types"
	"github.com/shopspring/decimal"
)

// exactWindow is SUM or AVG OVER a window: prefix sums of the
// partition, so any frame is two lookups; in decimals for an exact
// argument, else (float) in DOUBLEs. A frame without a non-NULL value
// is NULL (GMS's own SUM answers 0).
type exactWindow struct {
	expr   sql.Expression
	window *sql.WindowDefinition
	framer sql.WindowFramer // the explicit frame's, or nil
	avg    bool
	float  bool
	scale  int32
	fsum   []float64 // float: fsum[i] as prefix[i]

	start  int               // the partition's first row in the buffer
	prefix []decimal.Decimal // prefix[i]: sum of the partition's rows < start+i
	count  []int64           // count[i]: non-NULL values among them
}

var _ sql.WindowFunction = (*exactWindow)(nil)

func newExactWindow(child sql.Expression, w *sql.WindowDefinition, avg, float bool, scale int32) (sql.WindowFunction, error) {
	expr, err := transform.Clone(child)
	if err != nil {
		return nil, err
	}
	f := &exactWindow{expr: expr, window: w, avg: avg, float: float, scale: scale}
	if w != nil && w.Frame != nil {
		if f.framer, err = w.Frame.NewFramer(w); err != nil {
			return nil, err
		}
	}
	return f, nil
}

func (f *exactWindow) Dispose() { expression.Dispose(f.expr) }

// DefaultFramer is the explicit frame, else MySQL's default: the whole
// partition without ORDER BY, else RANGE BETWEEN UNBOUNDED PRECEDING AND
// CURRENT ROW (every row up to the current row's last peer).
func (f *exactWindow) DefaultFramer() sql.WindowFramer {
	if f.framer != nil {
		return f.framer
	}
	if f.window == nil || len(f.window.OrderBy) == 0 {
		return aggregation.NewPartitionFramer()
	}
	return &PeerFramer{orderBy: f.window.OrderBy}
}

func (f *exactWindow) StartPartition(ctx *sql.Context, p sql.WindowInterval, buf sql.WindowBuffer) error {
	f.Dispose()
	f.start = p.Start
	f.prefix, f.fsum, f.count = append(f.prefix[:0], decimal.Zero), append(f.fsum[:0], 0), append(f.count[:0], 0)
	sum, fsum, c := decimal.Zero, 0.0, int64(0)
	for i := p.Start; i < p.End; i++ {
		v, err := f.expr.Eval(ctx, buf[i])
		if err != nil {
			return err
		}
		if v != nil {
			if f.float {
				x, _, err := types.Float64.Convert(ctx, v)
				if err != nil {
					x = 0.0 // as GMS's SUM: a value that is no number counts 0
				}
				fsum += x.(float64)
			} else {
				d, err := ToDecimal(ctx, v)
				if err != nil {
					return err
				}
				sum = sum.Add(d)
			}
			c++
		}
		if f.float {
			f.fsum = append(f.fsum, fsum)
		} else {
			f.prefix = append(f.prefix, sum)
		}
		f.count = append(f.count, c)
	}
	return nil
}

func (f *exactWindow) Compute(_ *sql.Context, in sql.WindowInterval, _ sql.WindowBuffer) any {
	lo, hi := in.Start-f.start, in.End-f.start
	if hi <= lo || lo < 0 || hi >= len(f.count) {
		return nil
	}
	n := f.count[hi] - f.count[lo]
	switch {
	case n == 0:
		return nil
	case f.float && f.avg:
		return (f.fsum[hi] - f.fsum[lo]) / float64(n)
	case f.float:
		return f.fsum[hi] - f.fsum[lo]
	}
	return finish(f.prefix[hi].Sub(f.prefix[lo]), n, f.avg, f.scale)
}

// PeerFramer is MySQL's default frame of a window with ORDER BY: RANGE
// BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW, so a row's frame ends at
// its last peer (the last row equal to it on every ORDER BY key). GMS's
// default for SUM and AVG ends at the row itself (ROWS), and its RANGE
// framer compares the first ORDER BY key only.
type PeerFramer struct {
	orderBy sql.SortFields
	group   bool // the frame is the current row's peer group only (RANK's)

	part      sql.WindowInterval
	idx       int // the current row, -1 before the first
	peerStart int // the current row's first peer
	peerEnd   int // one past the current row's last peer
	set       bool
}

var _ sql.WindowFramer = (*PeerFramer)(nil)

// NewFramer starts a partition.
func (f *PeerFramer) NewFramer(p sql.WindowInterval) (sql.WindowFramer, error) {
	return &PeerFramer{orderBy: f.orderBy, group: f.group, part: p, idx: p.Start - 1, peerStart: p.Start, peerEnd: p.Start, set: true}, nil
}

// Next moves to the next row and answers its frame.
func (f *PeerFramer) Next(ctx *sql.Context, buf sql.WindowBuffer) (sql.WindowInterval, error) {
	if !f.set || f.idx+1 >= f.part.End {
		return sql.WindowInterval{}, io.EOF
	}
	f.idx++
	if f.idx >= f.peerEnd {
		f.peerStart = f.idx
		end := f.idx + 1
		for end < f.part.End {
			same, err := f.peers(ctx, buf[f.idx], buf[end])
			if err != nil {
				return sql.WindowInterval{}, err
			}
			if !same {
				break
			}
			end++
		}
		f.peerEnd = end
	}
	return f.Interval()
}

func (f *PeerFramer) peers(ctx *sql.Context, a, b sql.Row) (bool, error) {
	for _, o := range f.orderBy {
		x, err := o.Column.Eval(ctx, a)
		if err != nil {
			return false, err
		}
		y, err := o.Column.Eval(ctx, b)
		if err != nil {
			return false, err
		}
		if x == nil || y == nil {
			if (x == nil) != (y == nil) {
				return false, nil
			}
			continue
		}
		c, err := o.Column.Type().Compare(ctx, x, y)
		if err != nil {
			return false, err
		}
		if c != 0 {
			return false, nil
		}
	}
	return true, nil
}

// FirstIdx is the frame's first row: the partition's (the peer
// group's in group mode).
func (f *PeerFramer) FirstIdx() int {
	if f.group {
		return f.peerStart
	}
	return f.part.Start
}

// LastIdx is one past the current row's last peer.
func (f *PeerFramer) LastIdx() int { return f.peerEnd }

// Interval is the current frame.
func (f *PeerFramer) Interval() (sql.WindowInterval, error) {
	if !f.set {
		return sql.WindowInterval{}, aggregation.ErrPartitionNotSet
	}
	return sql.WindowInterval{Start: f.FirstIdx(), End: f.peerEnd}, nil
}

// DefaultFrame gives fn MySQL's default frame when its window has none:
// the whole partition without ORDER BY, else RANGE BETWEEN UNBOUNDED
// PRECEDING AND CURRENT ROW (PeerFramer). GMS's defaults differ by
// function: SUM and AVG stop at the current row (ROWS), MIN and MAX take
// the whole partition, COUNT compares the first ORDER BY key only.
func DefaultFrame(fn sql.WindowFunction, w *sql.WindowDefinition) sql.WindowFunction {
	if w == nil || w.Frame != nil {
		return fn
	}
	if len(w.OrderBy) == 0 {
		return &framedWindow{WindowFunction: fn, framer: aggregation.NewPartitionFramer()}
	}
	return &framedWindow{WindowFunction: fn, framer: &PeerFramer{orderBy: w.OrderBy}}
}

// framedWindow is a window function with another default frame.
type framedWindow struct {
	sql.WindowFunction
	framer sql.WindowFramer
}

func (f *framedWindow) DefaultFramer() sql.WindowFramer { return f.framer }

// Framed is an aggregate used as a window function (COUNT, MIN, MAX)
// with MySQL's default frame (DefaultFrame).
type Framed struct {
	sql.Aggregation
}

var _ sql.Aggregation = (*Framed)(nil)

// FramedWindow is e with MySQL's default frame when e is COUNT, MIN or
// MAX over a window; ok is false otherwise.
func FramedWindow(e sql.Expression) (sql.Expression, bool) {
	switch UnwrapAggregate(e).(type) {
	case *aggregation.Count, *aggregation.Min, *aggregation.Max:
	default:
		return e, false
	}
	a, ok := e.(sql.Aggregation)
	if !ok || a.Window() == nil {
		return e, false
	}
	return &Framed{a}, true
}

func (f *Framed) NewWindowFunction() (sql.WindowFunction, error) {
	fn, err := f.Aggregation.NewWindowFunction()
	if err != nil {
		return nil, err
	}
	return DefaultFrame(fn, f.Window()), nil
}

func (f *Framed) WithWindow(w *sql.WindowDefinition) sql.WindowAdaptableExpression {
	return &Framed{f.Aggregation.WithWindow(w).(sql.Aggregation)}
}

func (f *Framed) WithId(id sql.ColumnId) sql.IdExpression {
	return &Framed{f.Aggregation.WithId(id).(sql.Aggregation)}
}

func (f *Framed) WithChildren(children ...sql.Expression) (sql.Expression, error) {
	e, err := f.Aggregation.WithChildren(children...)
	if err != nil {
		return nil, err
	}
	return &Framed{e.(sql.Aggregation)}, nil
}

// Ranked is RANK, DENSE_RANK or PERCENT_RANK with peer groups told
// apart by value: GMS's peer-group framer compares ORDER BY values with
// Go's ==, so two equal DECIMALs (two big.Int pointers) are never peers
// and every row got its own rank.
type Ranked struct {
	sql.WindowAggregation
}

var _ sql.WindowAggregation = (*Ranked)(nil)

// RankedWindow is e with value-compared peer groups when e is RANK,
// DENSE_RANK or PERCENT_RANK; ok is false otherwise.
func RankedWindow(e sql.Expression) (sql.Expression, bool) {
	switch e.(type) {
	case *window.Rank, *window.DenseRank, *window.PercentRank:
		return &Ranked{e.(sql.WindowAggregation)}, true
	}
	return e, false
}

func (r *Ranked) NewWindowFunction() (sql.WindowFunction, error) {
	fn, err := r.WindowAggregation.NewWindowFunction()
	if err != nil {
		return nil, err
	}
	w := r.Window()
	if w == nil || len(w.OrderBy) == 0 {
		return fn, nil
	}
	return &framedWindow{WindowFunction: fn, framer: &PeerFramer{orderBy: w.OrderBy, group: true}}, nil
}

func (r *Ranked) WithWindow(w *sql.WindowDefinition) sql.WindowAdaptableExpression {
	return &Ranked{r.WindowAggregation.WithWindow(w).(sql.WindowAggregation)}
}

func (r *Ranked) WithId(id sql.ColumnId) sql.IdExpression {
	return &Ranked{r.WindowAggregation.WithId(id).(sql.WindowAggregation)}
}

func (r *Ranked) WithChildren(children ...sql.Expression) (sql.Expression, error) {
	e, err := r.WindowAggregation.WithChildren(children...)
	if err != nil {
		return nil, err
	}
	return &Ranked{e.(sql.WindowAggregation)}, nil
}
