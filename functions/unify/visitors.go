package unify

import (
	"github.com/cohortdb/cohortdb/contract/read"
	"github.com/cohortdb/cohortdb/functions/sqlfn"
)

// Stitch is a visitor's identification: the contact of its earliest
// identifying event (ties: the lowest customer id), and that event's time
// as stored.
type Stitch struct {
	Customer int64
	At       int64
}

// stitcher collects identifying events.
type stitcher map[string]Stitch

// add records one identifying event.
func (s stitcher) add(visitor string, customer, at int64) {
	old, ok := s[visitor]
	if !ok || at < old.At || at == old.At && customer < old.Customer {
		s[visitor] = Stitch{Customer: customer, At: at}
	}
}

// readVisitors scans the events that carry both a visitor_id and a
// customer_id. A table without visitor_id has no visitors (nil).
func readVisitors(sn read.Table) (map[string]Stitch, error) {
	vis := sqlfn.OptionalColumn(sn, "visitor_id", read.KindBytes)
	if vis < 0 {
		return nil, nil
	}
	cust, err := sqlfn.Column(sn, "events", "customer_id", read.KindInt)
	if err != nil {
		return nil, err
	}
	at, err := sqlfn.Column(sn, "events", "occurred_at", read.KindInt)
	if err != nil {
		return nil, err
	}
	s := stitcher{}
	err = sn.Scan(read.Request{Columns: []int{vis, cust, at}}, func(b *read.Batch) error {
		v, c, t := b.Cols[0], b.Cols[1], b.Cols[2]
		b.Each(func(i int) {
			if v.IsNull(i) || c.IsNull(i) || t.IsNull(i) || len(v.Bytes(i)) == 0 {
				return
			}
			s.add(string(v.Bytes(i)), c.Ints[i], t.Ints[i])
		})
		return nil
	})
	return s, err
}
