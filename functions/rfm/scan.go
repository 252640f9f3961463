package rfm

import (
	"bytes"
	"errors"
	"runtime"
	"sync"

	"github.com/cohortdb/cohortdb/storage"
)

// maxDay returns the latest day of a date/datetime column over all rows
// (for orders.ordered_at: the default as-of day). Sealed segments without
// deletes answer from their zone maps; only the rest is read.
func maxDay(sn *storage.Snapshot, table, col string) (int64, bool, error) {
	at, err := column(sn, table, col, storage.KindInt)
	if err != nil {
		return 0, false, err
	}
	unit := timeUnit(sn, col)
	var best int64
	found := false
	take := func(v int64) {
		if !found || v > best {
			best, found = v, true
		}
	}
	req := storage.ScanRequest{Columns: []int{at}}
	parts := sn.Parts()
	for i := range parts {
		p := &parts[i]
		if p.Kind == storage.PartSegment && p.Live == p.Rows {
			if z := p.Zones[at]; z.HasRange {
				take(z.MaxI)
			}
			continue
		}
		err := sn.ScanPart(p, req, func(b *storage.Batch) error {
			v := b.Cols[0]
			nulls := hasNulls(v)
			each(b, func(i int) {
				if !nulls || !v.IsNull(i) {
					take(v.Ints[i])
				}
			})
			return nil
		})
		if err != nil {
			return 0, false, err
		}
	}
	if unit == 1 {
		return best, found, nil
	}
	return dayOf(best), found, nil
}

// each calls fn with every live position of b.
func each(b *storage.Batch, fn func(i int)) {
	if b.Sel == nil {
		for i := 0; i < b.N; i++ {
			fn(i)
		}
		return
	}
	for _, p := range b.Sel {
		fn(int(p))
	}
}

var valid = []byte("valid")

// scanOrders feeds every order line into b: one streaming pass when order
// ids ascend (the loader's order), else a second pass keyed by order id.
func scanOrders(sn *storage.Snapshot, b *builder) error {
	var cols [5]int
	var err error
	for i, c := range []struct {
		name string
		kind storage.Kind
	}{{"customer_id", storage.KindInt}, {"order_id", storage.KindInt}, {"ordered_at", storage.KindInt},
		{"amount", storage.KindInt}, {"status", storage.KindBytes}} {
		if cols[i], err = column(sn, "orders", c.name, c.kind); err != nil {
			return err
		}
	}
	perDay := usPerDay / timeUnit(sn, "ordered_at") // DATE columns: scale days to µs
	req := storage.ScanRequest{Columns: cols[:]}
	pass := func() error {
		return sn.Scan(req, func(bt *storage.Batch) error { return orderLines(bt, b, perDay) })
	}
	err = pass()
	if errors.Is(err, errUnsorted) {
		b.resetOrders()
		err = pass()
	}
	if err != nil {
		return err
	}
	b.finish()
	return nil
}

// orderLines adds the live lines of one batch. Lines with a NULL customer,
// order or time are skipped; a NULL amount counts as 0, a NULL status as
// not valid.
func orderLines(bt *storage.Batch, b *builder, perDay int64) error {
	cust, oid, at, amt, st := bt.Cols[0], bt.Cols[1], bt.Cols[2], bt.Cols[3], bt.Cols[4]
	nulls := hasNulls(cust) || hasNulls(oid) || hasNulls(at) || hasNulls(amt) || hasNulls(st)
	line := func(i int) error {
		if nulls {
			if cust.IsNull(i) || oid.IsNull(i) || at.IsNull(i) {
				return nil
			}
			ok := !st.IsNull(i) && bytes.EqualFold(st.Bytes(i), valid)
			return b.line(cust.Ints[i], oid.Ints[i], at.Ints[i]*perDay, amt.Ints[i], ok)
		}
		return b.line(cust.Ints[i], oid.Ints[i], at.Ints[i]*perDay, amt.Ints[i], bytes.EqualFold(st.Bytes(i), valid))
	}
	if bt.Sel == nil {
		for i := 0; i < bt.N; i++ {
			if err := line(i); err != nil {
				return err
			}
		}
		return nil
	}
	for _, p := range bt.Sel {
		if err := line(int(p)); err != nil {
			return err
		}
	}
	return nil
}

var (
	evOpen  = []byte("email_open")
	evClick = []byte("email_click")
	evVisit = []byte("site_visit")
)

// Engagement counts each customer's opens, clicks and site visits in the
// window of the 90 days ending with the as-of day.

// eventHit is one open (0), click (1) or visit (2) in the window.
type eventHit struct {
	cust int64
	kind uint8
}

// collectEvents scans the events table's parts in parallel and returns
// the engagement events of the window; most rows fall outside it, so the
// hits are few next to the rows decoded.
func collectEvents(sn *storage.Snapshot, asOf int64) ([]eventHit, error) {
	var cols [3]int
	var err error
	for i, c := range []struct {
		name string
		kind storage.Kind
	}{{"customer_id", storage.KindInt}, {"occurred_at", storage.KindInt}, {"type", storage.KindBytes}} {
		if cols[i], err = column(sn, "events", c.name, c.kind); err != nil {
			return nil, err
		}
	}
	perDay := usPerDay / timeUnit(sn, "occurred_at")
	from := asOf - engagementDays + 1
	parts := sn.Parts()
	workers := max(1, min(runtime.GOMAXPROCS(0), len(parts)))
	hits := make([][]eventHit, workers)
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			req := storage.ScanRequest{Columns: cols[:]}
			for p := w; p < len(parts) && errs[w] == nil; p += workers {
				errs[w] = sn.ScanPart(&parts[p], req, func(bt *storage.Batch) error {
					hits[w] = appendHits(hits[w], bt, perDay, from, asOf)
					return nil
				})
			}
		}()
	}
	wg.Wait()
	var all []eventHit
	for w := range hits {
		if errs[w] != nil {
			return nil, errs[w]
		}
		all = append(all, hits[w]...)
	}
	return all, nil
}

func appendHits(hits []eventHit, bt *storage.Batch, perDay, from, asOf int64) []eventHit {
	cust, at, typ := bt.Cols[0], bt.Cols[1], bt.Cols[2]
	nulls := hasNulls(cust) || hasNulls(at) || hasNulls(typ)
	each(bt, func(i int) {
		if nulls && (cust.IsNull(i) || at.IsNull(i) || typ.IsNull(i)) {
			return
		}
		if d := dayOf(at.Ints[i] * perDay); d < from || d > asOf {
			return
		}
		t := typ.Bytes(i)
		switch {
		case bytes.EqualFold(t, evOpen):
			hits = append(hits, eventHit{cust.Ints[i], 0})
		case bytes.EqualFold(t, evClick):
			hits = append(hits, eventHit{cust.Ints[i], 1})
		case bytes.EqualFold(t, evVisit):
			hits = append(hits, eventHit{cust.Ints[i], 2})
		}
	})
	return hits
}

// applyEvents adds the hits to their customers' counts.
func applyEvents(b *builder, hits []eventHit) {
	for _, h := range hits {
		ci := b.customer(h.cust) // may grow b.cs: index after the call
		c := &b.cs[ci]
		switch h.kind {
		case 0:
			c.Opens++
		case 1:
			c.Clicks++
		default:
			c.Visits++
		}
	}
}

// scanContacts marks the rows of customers signed up on or before the
// as-of day as contacts. For each non-empty labels[k] naming a text column
// of customers (country, source, …), each contact's value is interned into
// the k-th returned dictionary and its index kept in Customer.Label[k].
func scanContacts(sn *storage.Snapshot, b *builder, labels [2]string) ([2][]string, error) {
	var dicts [2][]string
	id, err := column(sn, "customers", "customer_id", storage.KindInt)
	if err != nil {
		return dicts, err
	}
	signup, err := column(sn, "customers", "signup_at", storage.KindInt)
	if err != nil {
		return dicts, err
	}
	cols := []int{id, signup}
	var at [2]int // position of labels[k] in cols; 0 for none
	for k, name := range labels {
		if name == "" {
			continue
		}
		l, err := column(sn, "customers", name, storage.KindBytes)
		if err != nil {
			return dicts, err
		}
		at[k] = len(cols)
		cols = append(cols, l)
	}
	perDay := usPerDay / timeUnit(sn, "signup_at")
	seen := [2]map[string]int32{{}, {}}
	intern := func(k int, v []byte) int32 {
		x, ok := seen[k][string(v)]
		if !ok {
			x = int32(len(dicts[k]))
			dicts[k] = append(dicts[k], string(v))
			seen[k][string(v)] = x
		}
		return x
	}
	err = sn.Scan(storage.ScanRequest{Columns: cols}, func(bt *storage.Batch) error {
		ids, su := bt.Cols[0], bt.Cols[1]
		nulls := hasNulls(ids) || hasNulls(su)
		each(bt, func(i int) {
			if nulls && (ids.IsNull(i) || su.IsNull(i)) {
				return
			}
			day := dayOf(su.Ints[i] * perDay)
			if day > b.asOf {
				return
			}
			ci := b.customer(ids.Ints[i]) // may grow b.cs: index after the call
			c := &b.cs[ci]
			c.Contact, c.Signup = true, day
			for k, pos := range at {
				if pos > 0 && !bt.Cols[pos].IsNull(i) {
					c.Label[k] = intern(k, bt.Cols[pos].Bytes(i))
				}
			}
		})
		return nil
	})
	return dicts, err
}
