package storage

import (
	"fmt"

	"github.com/RoaringBitmap/roaring/v2"
)

// output collects the merged rows of one pass into full segments and hands
// them to an encoder (the bulk loader's: zone maps and index chunks are
// built as it encodes). The final pass also writes the primary-key
// entries of the rows, under their new RowIDs, into the swap batch.
type output struct {
	c      *compaction
	enc    *encoder
	final  bool
	cols   []Vector
	rows   int    // rows in cols
	num    uint32 // segment number of cols
	nextN  uint32 // final pass: next number of the reserved block
	first  []byte
	last   []byte
	bounds []*sortBounds
	nums   []uint32
	keyBuf []byte
}

func (c *compaction) newOutput(final bool, live int64) *output {
	o := &output{c: c, enc: startEncoderWith(c.s, &c.base.desc, c.opts.Worker), final: final}
	o.cols = newVectors(c.def)
	if final {
		segRows := int64(c.s.opts.SegmentRows)
		n := uint32((live + segRows - 1) / segRows)
		o.nextN = c.t.nextSeg.Add(n) - n
	}
	return o
}

// add appends the rows at positions pos of cu's current segment.
func (o *output) add(cu *cursor, pos []uint32) error {
	segRows := o.c.s.opts.SegmentRows
	for len(pos) > 0 {
		if o.rows == 0 {
			o.start(cu, pos[0])
		}
		n := min(len(pos), segRows-o.rows)
		part := pos[:n]
		for ord := range o.cols {
			appendPositions(&o.cols[ord], &cu.cols[ord], part)
		}
		if cu.byKey {
			o.last = append(o.last[:0], cu.key(part[n-1])...)
		}
		if o.final && o.c.pkBatch != nil {
			if err := o.keys(cu, part); err != nil {
				return err
			}
		}
		o.rows += n
		pos = pos[n:]
		if o.rows == segRows {
			if err := o.flush(); err != nil {
				return err
			}
		}
	}
	return nil
}

// start opens a new output segment whose first row is position p of cu.
func (o *output) start(cu *cursor, p uint32) {
	if o.final {
		o.num = o.nextN
		o.nextN++
		o.c.outs = append(o.c.outs, o.num)
	} else {
		o.num = o.c.t.reserveSeg()
		o.c.temps = append(o.c.temps, o.num)
	}
	if cu.byKey {
		o.first = append(o.first[:0], cu.key(p)...)
	}
}

// keys writes the primary-key entries of the rows being added.
func (o *output) keys(cu *cursor, part []uint32) error {
	tid := o.c.base.desc.ID
	for k, p := range part {
		o.keyBuf = o.c.appendPK(o.keyBuf[:0], cu, p)
		id := MakeRowID(o.num, uint16(o.rows+k))
		if err := o.c.pkBatch.Set(pkKey(tid, o.keyBuf), appendU64(nil, uint64(id)), nil); err != nil {
			return err
		}
	}
	return nil
}

// flush hands the full (or last) segment to the encoder.
func (o *output) flush() error {
	if o.rows == 0 {
		return nil
	}
	for i := range o.cols {
		o.cols[i].N = o.rows
	}
	if err := o.enc.submit(o.num, o.cols); err != nil {
		return err
	}
	o.cols = o.enc.vectors(o.c.def)
	o.nums = append(o.nums, o.num)
	var b *sortBounds
	if len(o.c.ids) > 0 {
		b = &sortBounds{Cols: o.c.ids, First: append([]byte(nil), o.first...), Last: append([]byte(nil), o.last...)}
	}
	o.bounds = append(o.bounds, b)
	c := o.c
	c.done += int64(o.rows)
	o.rows = 0
	if c.opts.Progress != nil {
		c.opts.Progress(c.done, c.total)
	}
	c.at("segment-written")
	if c.opts.Pause != nil {
		return c.opts.Pause()
	}
	return nil
}

// finish writes the last segment and returns the headers, in order.
func (o *output) finish() ([]*segment, error) {
	if err := o.flush(); err != nil {
		o.abort()
		return nil, err
	}
	segs, err := o.enc.finish()
	if err != nil {
		return nil, fmt.Errorf("write compacted segments: %w", err)
	}
	for i, sg := range segs {
		if sg.Num != o.nums[i] {
			return nil, fmt.Errorf("compacted segment %d written as %d", o.nums[i], sg.Num)
		}
		sg.Sort = o.bounds[i]
	}
	return segs, nil
}

func (o *output) abort() { _, _ = o.enc.finish() }

// appendPositions appends the values (and NULL marks) at positions pos of
// src to dst, which holds vectorLen(dst) values so far.
func appendPositions(dst, src *Vector, pos []uint32) {
	base := vectorLen(dst)
	switch src.Kind {
	case KindInt, KindUint:
		for _, p := range pos {
			dst.Ints = append(dst.Ints, src.Ints[p])
		}
	case KindFloat:
		for _, p := range pos {
			dst.Floats = append(dst.Floats, src.Floats[p])
		}
	default:
		for _, p := range pos {
			dst.Data = append(dst.Data, src.Bytes(int(p))...)
			dst.Offsets = append(dst.Offsets, uint32(len(dst.Data)))
		}
	}
	if src.Nulls == nil || src.Nulls.IsEmpty() {
		return
	}
	for k, p := range pos {
		if src.Nulls.Contains(p) {
			if dst.Nulls == nil {
				dst.Nulls = roaring.New()
			}
			dst.Nulls.Add(uint32(base + k))
		}
	}
}
