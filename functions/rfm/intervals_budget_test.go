package rfm

import (
	"context"
	"errors"
	"testing"

	"github.com/dolthub/go-mysql-server/sql"

	"github.com/cohortdb/cohortdb/contract/membudget"
	"github.com/cohortdb/cohortdb/functions/sqlfn"
)

// The repurchase intervals lifecycle() derives its windows from are
// charged as they grow: 1,000 customers with 100 order days each have
// 99,000 intervals of 16 bytes (1.6 MB), past a limit of 512 KiB; under
// no limit they are all there.
func TestIntervalsCharged(t *testing.T) {
	var days []uint64
	for c := uint64(0); c < 1000; c++ {
		for d := uint64(0); d < 100; d++ {
			days = append(days, c<<32|(d*3+1<<31))
		}
	}
	for _, limit := range []int64{512 << 10, 0} {
		a := membudget.NewPool(0).NewAccount(limit)
		g := sqlfn.NewGuard(sql.NewContext(membudget.NewContext(context.Background(), a)))
		b := newBuilder(g, 0, true)
		b.days = days
		iv, err := b.intervals(-1 << 40)
		if limit > 0 {
			if !errors.Is(err, membudget.ErrExceeded) {
				t.Errorf("under %d bytes: %d intervals, %v; want ErrExceeded", limit, len(iv), err)
			}
		} else if err != nil || len(iv) != 99000 {
			t.Errorf("unlimited: %d intervals, %v; want 99000", len(iv), err)
		}
		g.Release()
		a.Close()
	}
}
