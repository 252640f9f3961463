package behaviour

import (
	"cmp"
	"slices"
	"sort"
	"unsafe"

	"github.com/cohortdb/cohortdb/contract/read"
	"github.com/cohortdb/cohortdb/functions/sqlfn"
)

// webHit is one web event: a site_visit, product_view or cart_add.
type webHit struct {
	cust, at int64
	label    int32 // the dimension's value (index into labels.names), -1 NULL
}

// session is a run of one customer's web events at most the timeout apart.
type session struct {
	cust, start, end int64
	hits             int32
	label            int32
	converted        bool
	revenue          int64
}

// labels interns the values of the dimension column.
type labels struct {
	names []string
	index map[string]int32
}

func (l *labels) intern(v []byte) int32 {
	if x, ok := l.index[string(v)]; ok {
		return x
	}
	x := int32(len(l.names))
	l.names = append(l.names, string(v))
	l.index[l.names[x]] = x
	return x
}

var webTypes = [][]byte{[]byte("site_visit"), []byte("product_view"), []byte("cart_add")}

func isWeb(v []byte) int32 {
	for _, w := range webTypes {
		if sqlfn.EqualFold(v, w) {
			return 1
		}
	}
	return 0
}

// webHits reads the web events in [from, to) (µs) with their dimension
// value (dim == "": every hit gets label 0).
func webHits(g *sqlfn.Guard, env sqlfn.Env, db, dim string, from, to int64, ls *labels) ([]webHit, error) {
	sn, err := env.Snapshot(db, "events")
	if err != nil {
		return nil, err
	}
	names := []string{"customer_id", "occurred_at", "type"}
	kinds := []read.Kind{read.KindInt, read.KindInt, read.KindBytes}
	if dim != "" {
		names, kinds = append(names, dim), append(kinds, read.KindBytes)
	}
	vis := -1 // position of visitor_id, when events has it
	if sqlfn.OptionalColumn(sn, "visitor_id", read.KindBytes) >= 0 {
		vis = len(names)
		names, kinds = append(names, "visitor_id"), append(kinds, read.KindBytes)
	}
	cols, err := columns(sn, "events", names, kinds)
	if err != nil {
		return nil, err
	}
	perUnit := sqlfn.MicrosPerDay / sqlfn.UnitsPerDay(sn, "occurred_at")
	var hits []webHit
	charged := 0 // labels charged so far
	var web, lab sqlfn.Classes[int32]
	visitors := &labels{index: map[string]int32{}}
	err = sn.Scan(read.Request{Columns: cols}, func(b *read.Batch) error {
		if err := g.Step(b.Live()); err != nil {
			return err
		}
		cust, at, typ := b.Cols[0], b.Cols[1], b.Cols[2]
		web.Reset(typ, isWeb, 0)
		var dv, vv *read.Vector
		if dim != "" {
			dv = b.Cols[3]
			lab.Reset(dv, ls.intern, -1)
		}
		if vis >= 0 {
			vv = b.Cols[vis]
		}
		b.Each(func(i int) {
			if at.IsNull(i) || web.Of(typ, i) != 1 {
				return
			}
			t := at.Ints[i] * perUnit
			if t < from || t >= to {
				return
			}
			key, ok := visitorKey(cust, vv, visitors, i)
			if !ok {
				return
			}
			h := webHit{cust: key, at: t}
			if dv != nil {
				h.label = lab.Of(dv, i)
			}
			if g.Grow(webHitSize) == nil {
				hits = append(hits, h)
			}
		})
		// Labels and visitor ids are few next to hits: charged by
		// their count once per batch.
		if err := g.Grow(labelSize * int64(len(ls.names)+len(visitors.names)-charged)); err != nil {
			return err
		}
		charged = len(ls.names) + len(visitors.names)
		return g.Err()
	})
	return hits, err
}

// Bytes held per web hit and per interned label (besides its text).
const (
	webHitSize  = int64(unsafe.Sizeof(webHit{}))
	sessionSize = int64(unsafe.Sizeof(session{}))
	labelSize   = 2*16 + 4 + sqlfn.MapEntryOverhead + 32 // a typical label's text
)

// visitorKey is whose event row i is: its customer_id, or for an
// anonymous visitor's event (customer_id NULL, visitor_id set) a negative
// key per visitor_id, so that a visitor's events form sessions of their
// own; ok is false for an event of nobody.
func visitorKey(cust, vis *read.Vector, visitors *labels, i int) (int64, bool) {
	switch {
	case !cust.IsNull(i):
		return cust.Ints[i], true
	case vis == nil || vis.IsNull(i):
		return 0, false
	}
	return -1 - int64(visitors.intern(vis.Bytes(i))), true
}

// sessionize splits the hits (sorted here) into sessions: a gap of more
// than timeout µs between a customer's consecutive hits starts a new one.
// A session is labelled by its first hit.
func sessionize(g *sqlfn.Guard, hits []webHit, timeout int64) ([]session, error) {
	slices.SortFunc(hits, func(a, b webHit) int { return cmp.Or(cmp.Compare(a.cust, b.cust), cmp.Compare(a.at, b.at)) })
	if err := g.Check(); err != nil { // the sort took long: the statement may be gone
		return nil, err
	}
	var out []session
	for i := range hits {
		if err := g.Step(1); err != nil {
			return nil, err
		}
		h := &hits[i]
		if n := len(out); n > 0 && out[n-1].cust == h.cust && h.at-out[n-1].end <= timeout {
			out[n-1].end = h.at
			out[n-1].hits++
			continue
		}
		if err := g.Grow(sessionSize); err != nil {
			return nil, err
		}
		out = append(out, session{cust: h.cust, start: h.at, end: h.at, hits: 1, label: h.label})
	}
	return out, nil
}

// attribute credits an order line at time at to the session of its
// customer whose [start, end + timeout] holds it, if any (sessions are
// sorted by customer and start and never overlap so extended).
func attribute(ss []session, cust, at, amount, timeout int64) {
	k := sort.Search(len(ss), func(k int) bool {
		return ss[k].cust > cust || (ss[k].cust == cust && ss[k].start > at)
	}) - 1
	if k < 0 || ss[k].cust != cust || at > ss[k].end+timeout {
		return
	}
	ss[k].converted = true
	ss[k].revenue += amount
}

// kpis are the session KPIs of one dimension value.
type kpis struct {
	sessions, visitors, bounces, conversions int64
	duration, revenue                        int64 // µs, scaled money
	lastCust                                 int64
	seen                                     bool
}

// summarize adds up the sessions starting in [from, to) per label; the
// slot len(names) holds the NULL label.
func summarize(ss []session, from, to int64, nLabels int) []kpis {
	out := make([]kpis, nLabels+1)
	for i := range ss {
		s := &ss[i]
		if s.start < from || s.start >= to {
			continue
		}
		l := int(s.label)
		if l < 0 {
			l = nLabels
		}
		k := &out[l]
		k.sessions++
		if !k.seen || k.lastCust != s.cust { // sessions come by customer
			k.visitors++
			k.seen, k.lastCust = true, s.cust
		}
		if s.hits == 1 {
			k.bounces++
		}
		k.duration += s.end - s.start
		if s.converted {
			k.conversions++
			k.revenue += s.revenue
		}
	}
	return out
}
