package exec

import (
	"github.com/dolthub/go-mysql-server/sql"

	"github.com/cohortdb/cohortdb/contract/membudget"
)

// The operators that hold data — collected batches (results, sort input,
// a join's build side), hash tables of groups and of distinct values —
// count what they hold against the statement's memory account
// (contract/membudget), so a query past its limit fails with the budget's
// error instead of growing the process. Sizes are estimates from the
// vectors' capacities: what the Go heap holds, give or take headers.

// vecBytes estimates the bytes v holds.
func vecBytes(v *Vec) int64 {
	if v.Absent {
		return 0 // shared zeros
	}
	n := int64(cap(v.I))*8 + int64(cap(v.F))*8 + int64(cap(v.Nulls)) + int64(cap(v.Codes))*4
	n += int64(cap(v.S)) * 16
	for _, s := range v.S {
		n += int64(len(s))
	}
	for _, s := range v.Dict {
		n += int64(len(s)) + 16
	}
	return n
}

func batchBytes(b *Batch) int64 {
	var n int64
	for _, v := range b.Cols {
		n += vecBytes(v)
	}
	return n
}

// footprint estimates the bytes t holds: slots, hashes and key columns.
// String keys are counted at their length when added (keyBytes).
func (t *keyTable) footprint() int64 {
	n := int64(cap(t.slots))*8 + int64(cap(t.hashes))*8 + int64(cap(t.dense.ids))*4 + t.strBytes
	for _, k := range t.keys {
		n += int64(cap(k.I))*8 + int64(cap(k.F))*8 + int64(cap(k.Nulls)) + int64(cap(k.S))*16
	}
	return n
}

// footprinter is an accumulator whose state grows with more than its
// groups (COUNT(DISTINCT)'s pairs).
type footprinter interface{ footprint() int64 }

// tally reserves the growth of an operator's footprint on the
// statement's account.
type tally struct {
	acct     *membudget.Account
	reserved int64
	bound    bool
}

// to brings the reservation to n bytes; the first call binds the
// statement's account from ctx.
func (t *tally) to(ctx *sql.Context, n int64) error {
	if !t.bound {
		t.acct, t.bound = membudget.FromContext(ctx), true
	}
	if d := n - t.reserved; d > 0 {
		if err := t.acct.Reserve(d); err != nil {
			return err
		}
		t.reserved = n
	}
	return nil
}

// release gives the whole reservation back: what it covered is garbage
// (copied elsewhere, and charged there).
func (t *tally) release() {
	if t.bound && t.reserved > 0 {
		t.acct.Release(t.reserved)
		t.reserved = 0
	}
}

// set brings the reservation to exactly n bytes, giving back what it
// held past n (the operator dropped it).
func (t *tally) set(ctx *sql.Context, n int64) error {
	if n >= t.reserved {
		return t.to(ctx, n)
	}
	t.give(t.reserved - n)
	return nil
}

// give releases n bytes of the reservation (at most what it holds).
func (t *tally) give(n int64) {
	n = min(n, t.reserved)
	if t.bound && n > 0 {
		t.acct.Release(n)
		t.reserved -= n
	}
}

// take moves o's reservation onto t: what o covered is now t's to give
// back (a sink's result holds the rows its workers collected).
func (t *tally) take(o *tally) {
	if !o.bound || o.reserved == 0 {
		return
	}
	if !t.bound {
		t.acct, t.bound = o.acct, true
	}
	t.reserved += o.reserved
	o.reserved = 0
}
