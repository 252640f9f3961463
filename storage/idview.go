package storage

import (
	"slices"
	"sync"

	"github.com/cohortdb/cohortdb/contract/read"
)

// IDView rewrites an integer id column of a snapshot as it is scanned
// (contract/read.IDView says how). Get, LookupPK and IndexFilter read rows
// as stored.
type IDView = read.IDView

// WithIDView returns a snapshot that reads as sn with v applied to scans.
func (sn *Snapshot) WithIDView(v *IDView) *Snapshot {
	return &Snapshot{t: sn.t, st: sn.st, tx: sn.tx, view: v, pin: sn.pin}
}

// hideRange clears the range of the viewed column's zone maps.
func (sn *Snapshot) hideRange(parts []Part) {
	c := sn.view.Column
	for i := range parts {
		if z := parts[i].Zones; z != nil && c < len(z) {
			z = slices.Clone(z)
			z[c] = ZoneMap{Kind: z[c].Kind, Nulls: z[c].Nulls, Bytes: z[c].Bytes, RawBytes: z[c].RawBytes}
			parts[i].Zones = z
		}
	}
}

// viewScratch is the rewritten id vector and selection of one part.
type viewScratch struct {
	ids Vector
	sel []uint32
}

var viewPool = sync.Pool{New: func() any { return &viewScratch{} }}

// scanView scans p reading the view's columns too, then rewrites the id
// column and drops rows before fn sees the batch.
func (sn *Snapshot) scanView(p *Part, req ScanRequest, fn func(*Batch) error) error {
	v := sn.view
	cols := req.Columns
	if cols == nil {
		cols = allColumns(len(sn.st.desc.Def.Columns))
	}
	at := slices.Index(cols, v.Column)
	if at < 0 && !v.Drop {
		return sn.scanPart(p, req, fn)
	}
	ext := make([]int, len(cols), len(cols)+2)
	copy(ext, cols)
	if at < 0 {
		at, ext = len(ext), append(ext, v.Column)
	}
	fb := -1
	if v.Fallback >= 0 && len(v.ByKey) > 0 {
		if fb = slices.Index(ext, v.Fallback); fb < 0 {
			fb, ext = len(ext), append(ext, v.Fallback)
		}
	}
	r := req
	r.Columns = ext
	return sn.scanPart(p, r, func(b *Batch) error {
		s := viewPool.Get().(*viewScratch)
		defer viewPool.Put(s)
		var fbv *Vector
		if fb >= 0 {
			fbv = b.Cols[fb]
		}
		sel, kept := rewriteIDs(v, s, b, b.Cols[at], fbv)
		if !kept {
			return nil
		}
		b.Cols[at] = &s.ids
		b.Cols = b.Cols[:len(cols)]
		b.Sel = sel
		return fn(b)
	})
}

// rewriteIDs fills s.ids with the viewed ids of b's live rows and returns the
// selection of the rows kept (nil: all N) and whether any row is kept.
func rewriteIDs(v *IDView, s *viewScratch, b *Batch, src, fb *Vector) ([]uint32, bool) {
	d := &s.ids
	d.Kind, d.N, d.Codes, d.Ascending = KindInt, src.N, nil, false
	d.Ints = append(d.Ints[:0], src.Ints[:src.N]...)
	d.Nulls = nil
	if src.Nulls != nil && !src.Nulls.IsEmpty() {
		d.Nulls = src.Nulls.Clone()
	}
	sel := s.sel[:0]
	dropped := false
	visit := func(i int) {
		if d.Nulls != nil && d.Nulls.Contains(uint32(i)) {
			if fb == nil || fb.IsNull(i) {
				sel = append(sel, uint32(i))
				return
			}
			id, ok := v.ByKey[string(fb.Bytes(i))]
			if !ok {
				sel = append(sel, uint32(i))
				return
			}
			d.Nulls.Remove(uint32(i))
			d.Ints[i] = id
		}
		if w, ok := v.Map[d.Ints[i]]; ok {
			if v.Drop {
				dropped = true
				return
			}
			d.Ints[i] = w
		}
		sel = append(sel, uint32(i))
	}
	b.Each(visit)
	s.sel = sel
	if d.Nulls != nil && d.Nulls.IsEmpty() {
		d.Nulls = nil
	}
	if !dropped && b.Sel == nil {
		return nil, true
	}
	return sel, len(sel) > 0
}
