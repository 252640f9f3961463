package exec

import (
	"sync"
	"time"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/types"
)

// strTime reads strings as DATETIMEs the way TIMESTAMPDIFF's arguments
// are read (GMS's DATETIME conversion; a string it rejects is NULL).
// Such strings are mostly a few distinct values — DATE_FORMAT month
// starts, CTE columns of them — so each distinct one is parsed once.
type strTime struct {
	x    Expr
	slot int
	mu   sync.Mutex
	memo map[string]int64 // micros; nullTime for a string that is no date
}

const (
	nullTime    = int64(-1 << 63)
	strTimeMemo = 1 << 16
)

var datetimeType = ColType{Phys: PTime, SQL: types.DatetimeMaxPrecision}

func (o *strTime) Type() ColType { return datetimeType }

func (o *strTime) Vec(ctx *sql.Context, b *Batch, f *Frame) (*Vec, error) {
	in, err := o.x.Vec(ctx, b, f)
	if err != nil {
		return nil, err
	}
	out := &f.tmp[o.slot]
	out.reset(datetimeType, b.N)
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.memo == nil {
		o.memo = make(map[string]int64)
	}
	for i := 0; i < b.N; i++ {
		if in.IsNull(i) {
			out.setNull(i, b.N)
			continue
		}
		m := o.micros(ctx, in.Str(i))
		if m == nullTime {
			out.setNull(i, b.N)
			continue
		}
		out.I[i] = m
	}
	return out, nil
}

func (o *strTime) micros(ctx *sql.Context, s string) int64 {
	if m, ok := o.memo[s]; ok {
		return m
	}
	m := nullTime
	if v, _, err := types.DatetimeMaxPrecision.Convert(ctx, s); err == nil && v != nil {
		if t, ok := v.(time.Time); ok {
			m = t.UnixMicro()
		}
	}
	if len(o.memo) < strTimeMemo {
		o.memo[cloneString(s)] = m
	}
	return m
}
