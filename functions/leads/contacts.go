package leads

import (
	"math"
	"slices"

	"github.com/cohortdb/cohortdb/contract/read"
	"github.com/cohortdb/cohortdb/functions/sqlfn"
)

// noOrder is the first-order time of a contact without a valid order.
const noOrder = math.MaxInt64

// contacts are the customers signed up by the as-of day, by ascending id,
// with the time (µs) of each one's first valid order on or before it.
type contacts struct {
	ids   []int64
	first []int64
	lo    int64
	dense []int32         // id−lo → index+1 (0: not a contact), when ids are dense
	pos   map[int64]int32 // otherwise
}

// find returns the index of contact id.
func (c *contacts) find(id int64) (int, bool) {
	if c.dense != nil {
		k := id - c.lo
		if k < 0 || k >= int64(len(c.dense)) || c.dense[k] == 0 {
			return 0, false
		}
		return int(c.dense[k] - 1), true
	}
	x, ok := c.pos[id]
	return int(x), ok
}

// maxDense bounds the id span indexed by an array (4 bytes per id).
const maxDense = 1 << 26

// index builds the lookup from the sorted ids, charging it to g.
func (c *contacts) index(g *sqlfn.Guard) error {
	n := len(c.ids)
	if n == 0 {
		return nil
	}
	c.lo = c.ids[0]
	if span := c.ids[n-1] - c.lo + 1; span <= maxDense && span <= 4*int64(n)+1024 {
		if err := g.Grow(4 * span); err != nil {
			return err
		}
		c.dense = make([]int32, span)
		for i, id := range c.ids {
			c.dense[id-c.lo] = int32(i + 1)
		}
		return nil
	}
	if err := g.Grow(int64(n) * (12 + sqlfn.MapEntryOverhead)); err != nil {
		return err
	}
	c.pos = make(map[int64]int32, n)
	for i, id := range c.ids {
		c.pos[id] = int32(i)
	}
	return g.Check()
}

// loadContacts reads the contacts of db signed up on or before asOf (a
// day) and their first valid orders.
func loadContacts(g *sqlfn.Guard, env sqlfn.Env, db string, asOf int64) (*contacts, error) {
	sn, err := env.Snapshot(db, "customers")
	if err != nil {
		return nil, err
	}
	id, err := sqlfn.Column(sn, "customers", "customer_id", read.KindInt)
	if err != nil {
		return nil, err
	}
	su, err := sqlfn.Column(sn, "customers", "signup_at", read.KindInt)
	if err != nil {
		return nil, err
	}
	unit := sqlfn.UnitsPerDay(sn, "signup_at")
	c := &contacts{}
	err = sn.Scan(read.Request{Columns: []int{id, su}}, func(b *read.Batch) error {
		// Each contact: its id, and its first order (below).
		if err := g.Step(b.Live()); err != nil {
			return err
		}
		if err := g.Grow(16 * int64(b.Live())); err != nil {
			return err
		}
		ids, at := b.Cols[0], b.Cols[1]
		b.Each(func(i int) {
			if !ids.IsNull(i) && !at.IsNull(i) && sqlfn.FloorDiv(at.Ints[i], unit) <= asOf {
				c.ids = append(c.ids, ids.Ints[i])
			}
		})
		return nil
	})
	if err != nil {
		return nil, err
	}
	slices.Sort(c.ids)
	c.ids = slices.Compact(c.ids)
	if err := c.index(g); err != nil {
		return nil, err
	}
	c.first = make([]int64, len(c.ids))
	for i := range c.first {
		c.first[i] = noOrder
	}
	return c, firstOrders(g, env, db, asOf, c)
}

var valid = []byte("valid")

// firstOrders sets each contact's first valid order time (µs), counting
// orders on or before day asOf.
func firstOrders(g *sqlfn.Guard, env sqlfn.Env, db string, asOf int64, c *contacts) error {
	sn, err := env.Snapshot(db, "orders")
	if err != nil {
		return err
	}
	var cols [3]int
	for k, col := range []struct {
		name string
		kind read.Kind
	}{{"customer_id", read.KindInt}, {"ordered_at", read.KindInt}, {"status", read.KindBytes}} {
		if cols[k], err = sqlfn.Column(sn, "orders", col.name, col.kind); err != nil {
			return err
		}
	}
	unit := sqlfn.UnitsPerDay(sn, "ordered_at")
	perUnit := sqlfn.MicrosPerDay / unit
	return sn.Scan(read.Request{Columns: cols[:]}, func(b *read.Batch) error {
		if err := g.Step(b.Live()); err != nil {
			return err
		}
		cust, at, st := b.Cols[0], b.Cols[1], b.Cols[2]
		var cls sqlfn.Classes[uint64]
		cls.Reset(st, isValid, 0)
		b.Each(func(i int) {
			if cust.IsNull(i) || at.IsNull(i) || cls.Of(st, i) == 0 || sqlfn.FloorDiv(at.Ints[i], unit) > asOf {
				return
			}
			if k, ok := c.find(cust.Ints[i]); ok {
				c.first[k] = min(c.first[k], at.Ints[i]*perUnit)
			}
		})
		return nil
	})
}

func isValid(b []byte) uint64 {
	if sqlfn.EqualFold(b, valid) {
		return 1
	}
	return 0
}
