package storage

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"sort"
	"sync"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/cockroachdb/pebble/v2"
)

// An index chunk (key i/<tid>/<seg>/<column id>) holds, for one column of
// one sealed segment, the distinct values and the positions holding each:
//
//	uvarint n, then n × (uvarint len, value key, uvarint len, roaring bitmap)
//
// Value keys are appendKey encodings of single values; NULL is nullKey.
// Keys are sorted, so chunks are deterministic. Index chunks are written
// with their segment, in the same batch, and never change.

var nullKey = []byte{0}

// indexValueKey returns the key of one value (nil for NULL).
func indexValueKey(dst []byte, v any) ([]byte, error) {
	if v == nil {
		return append(dst, nullKey...), nil
	}
	return appendKey(dst, Row{v})
}

// buildIndex groups the positions of a decoded column by value.
func buildIndex(v *Vector) map[string]*roaring.Bitmap {
	out := map[string]*roaring.Bitmap{}
	var key []byte
	for i := 0; i < v.N; i++ {
		key = vectorKey(key[:0], v, i)
		b := out[string(key)]
		if b == nil {
			b = roaring.New()
			out[string(key)] = b
		}
		b.Add(uint32(i))
	}
	return out
}

// vectorKey is indexValueKey of position i without boxing numbers.
func vectorKey(dst []byte, v *Vector, i int) []byte {
	if v.IsNull(i) {
		return append(dst, nullKey...)
	}
	switch v.Kind {
	case KindInt:
		return binary.BigEndian.AppendUint64(append(dst, 1), uint64(v.Ints[i])^(1<<63))
	case KindUint:
		return binary.BigEndian.AppendUint64(append(dst, 2), uint64(v.Ints[i]))
	}
	k, _ := appendKey(dst, Row{v.Value(i)})
	return k
}

func encodeIndex(m map[string]*roaring.Bitmap) ([]byte, error) {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := binary.AppendUvarint(nil, uint64(len(keys)))
	for _, k := range keys {
		b := m[k]
		b.RunOptimize()
		bm, err := b.ToBytes()
		if err != nil {
			return nil, err
		}
		out = binary.AppendUvarint(out, uint64(len(k)))
		out = append(out, k...)
		out = binary.AppendUvarint(out, uint64(len(bm)))
		out = append(out, bm...)
	}
	return out, nil
}

func decodeIndex(src []byte) (map[string]*roaring.Bitmap, error) {
	r := byteReader{b: src}
	n := r.uvarint()
	if r.err != nil || n > uint64(len(src)) {
		return nil, errors.New("corrupt index chunk")
	}
	out := make(map[string]*roaring.Bitmap, n)
	for i := uint64(0); i < n; i++ {
		k, bm := r.bytes(), r.bytes()
		if r.err != nil {
			return nil, errors.New("corrupt index chunk")
		}
		b := roaring.New()
		if _, err := b.ReadFrom(bytes.NewReader(bm)); err != nil {
			return nil, fmt.Errorf("corrupt index chunk: %w", err)
		}
		out[string(k)] = b
	}
	return out, nil
}

func (r *byteReader) bytes() []byte {
	n := r.uvarint()
	if r.err != nil || n > uint64(len(r.b)) {
		r.err = errCorruptRows
		return nil
	}
	v := r.b[:n]
	r.b = r.b[n:]
	return v
}

// writeIndexes adds the index chunks of a segment being written.
func writeIndexes(b *pebble.Batch, d *descriptor, num uint32, ord int, v *Vector) error {
	if _, ok := d.Def.IndexOn(ord); !ok {
		return nil
	}
	chunk, err := encodeIndex(buildIndex(v))
	if err != nil {
		return err
	}
	return b.Set(indexKey(d.ID, num, d.Def.Columns[ord].ID), chunk, nil)
}

// indexCache keeps decoded index chunks: they are small (one bitmap per
// distinct value) and immutable, and a filter reads them for every
// segment.
type indexCache struct {
	mu sync.Mutex
	m  map[chunkID]map[string]*roaring.Bitmap
}

func (c *indexCache) get(id chunkID) map[string]*roaring.Bitmap {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.m[id]
}

func (c *indexCache) put(id chunkID, m map[string]*roaring.Bitmap) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m) > 1<<16 {
		c.m = map[chunkID]map[string]*roaring.Bitmap{}
	}
	c.m[id] = m
}

func (c *indexCache) forget(tid uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for k := range c.m {
		if k.tid == tid {
			delete(c.m, k)
		}
	}
}

// forgetSegments drops the decoded indexes of the given segments (keys
// with col 0).
func (c *indexCache) forgetSegments(segs map[chunkID]bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for k := range c.m {
		if segs[chunkID{tid: k.tid, seg: k.seg}] {
			delete(c.m, k)
		}
	}
}

// segmentIndex returns the decoded index of column col in a sealed segment.
func (s *Store) segmentIndex(tid uint64, seg uint32, col ColumnDef) (map[string]*roaring.Bitmap, error) {
	id := chunkID{tid, seg, col.ID}
	if m := s.indexes.get(id); m != nil {
		return m, nil
	}
	v, closer, err := s.db.Get(indexKey(tid, seg, col.ID))
	if errors.Is(err, pebble.ErrNotFound) {
		return nil, fmt.Errorf("index of column %s missing in segment %d", col.Name, seg)
	}
	if err != nil {
		return nil, err
	}
	defer closer.Close()
	s.counters.IndexReads.Add(1)
	m, err := decodeIndex(v)
	if err != nil {
		return nil, err
	}
	s.indexes.put(id, m)
	return m, nil
}

// IndexFilter returns the positions of part p whose column ord holds one of
// values (nil in values matches NULL). Deleted rows are not removed: scans
// do that. Sealed segments answer from the column's bitmap index without
// reading the column; the write buffer and a transaction's rows are
// compared one by one (they are small and in memory). ok is false when the
// column has no index.
func (sn *Snapshot) IndexFilter(p *Part, ord int, values []any) (*roaring.Bitmap, bool, error) {
	def := &sn.st.desc.Def
	if _, ok := def.IndexOn(ord); !ok {
		return nil, false, nil
	}
	keys := make([][]byte, 0, len(values))
	for _, v := range values {
		k, err := indexValueKey(nil, v)
		if err != nil {
			return nil, true, err
		}
		keys = append(keys, k)
	}
	if p.Kind != PartSegment {
		return sn.matchRows(p, ord, keys), true, nil
	}
	m, err := sn.t.store.segmentIndex(sn.t.id, p.Seg, def.Columns[ord])
	if err != nil {
		return nil, true, err
	}
	out := roaring.New()
	for _, k := range keys {
		if b := m[string(k)]; b != nil {
			out.Or(b)
		}
	}
	return out, true, nil
}

// matchRows compares the rows of an in-memory part one by one.
func (sn *Snapshot) matchRows(p *Part, ord int, keys [][]byte) *roaring.Bitmap {
	var rows []Row
	if p.Kind == PartBuffer {
		rows = sn.st.buf[:sn.st.bufLen]
	} else {
		first := int(p.Seg-txnSegBase) * MaxSegmentRows
		rows = sn.tx.inserts[first : first+p.Rows]
	}
	out := roaring.New()
	var k []byte
	for i, r := range rows {
		k, _ = indexValueKey(k[:0], r[ord])
		for _, want := range keys {
			if bytes.Equal(k, want) {
				out.Add(uint32(i))
				break
			}
		}
	}
	return out
}
