package storage

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"slices"
	"sync/atomic"

	"github.com/RoaringBitmap/roaring/v2"

	"github.com/cohortdb/cohortdb/storage/encoding"
)

// segment is the header of a sealed segment (key s/<tid>/<seg>): its row
// count and, per column id present when it was sealed, a zone map. Columns
// added later have no chunk and read as NULL.
type segment struct {
	Num  uint32      `json:"num"`
	Rows int         `json:"rows"`
	Cols []segColumn `json:"cols"`
	// Sort is set on segments written by compaction in the table's sort
	// key: the rows are in key order and First/Last are the keys of the
	// first and last row (sortKey encoding, compared as bytes). Segments
	// written by loads have none: their order is unknown.
	Sort *sortBounds `json:"sort,omitempty"`

	zones atomic.Pointer[zoneList] // the last zoneList built: snapshots share it
}

// zoneList is a segment's zone maps in the order of a table's columns.
type zoneList struct {
	ids   []uint32
	zones []ZoneMap
}

type segColumn struct {
	ID   uint32  `json:"id"`
	Zone ZoneMap `json:"zone"`
}

func (sg *segment) column(id uint32) (ZoneMap, bool) {
	for i := range sg.Cols {
		if sg.Cols[i].ID == id {
			return sg.Cols[i].Zone, true
		}
	}
	return ZoneMap{}, false
}

// zonesFor returns the zone maps of cols, in order (a column added after
// sealing is all NULL). Every snapshot of a table asks for the same
// columns, so the list is built once and shared; callers only read it.
func (sg *segment) zonesFor(cols []ColumnDef) []ZoneMap {
	if zl := sg.zones.Load(); zl != nil && sameIDs(zl.ids, cols) {
		return zl.zones
	}
	zl := &zoneList{ids: make([]uint32, len(cols)), zones: make([]ZoneMap, len(cols))}
	for i, c := range cols {
		z, ok := sg.column(c.ID)
		if !ok {
			z = ZoneMap{Kind: c.Kind, Nulls: sg.Rows}
		}
		zl.ids[i], zl.zones[i] = c.ID, z
	}
	sg.zones.Store(zl)
	return zl.zones
}

func sameIDs(ids []uint32, cols []ColumnDef) bool {
	if len(ids) != len(cols) {
		return false
	}
	for i, c := range cols {
		if ids[i] != c.ID {
			return false
		}
	}
	return true
}

func (sg *segment) bytes() int64 {
	var n int64
	for i := range sg.Cols {
		n += sg.Cols[i].Zone.Bytes
	}
	return n
}

// codecFor picks the compression of a column chunk: s2 for numbers (read
// often, already bit-packed), zstd for strings (larger, read less often).
func codecFor(k Kind) encoding.Codec {
	if k == KindBytes {
		return encoding.CodecZstd
	}
	return encoding.CodecS2
}

// encodeChunk encodes one column vector as a chunk:
//
//	compress( uvarint len(nulls) | roaring nulls | values block )
func encodeChunk(dst []byte, v *Vector, scratch []byte) ([]byte, []byte) {
	scratch = scratch[:0]
	var nulls []byte
	if v.Nulls != nil && !v.Nulls.IsEmpty() {
		nulls, _ = v.Nulls.ToBytes()
	}
	scratch = binary.AppendUvarint(scratch, uint64(len(nulls)))
	scratch = append(scratch, nulls...)
	switch v.Kind {
	case KindInt, KindUint:
		scratch = encoding.AppendInts(scratch, v.Ints[:v.N])
	case KindFloat:
		scratch = encoding.AppendFloats(scratch, v.Floats[:v.N])
	default:
		v.Expand()
		scratch = encoding.AppendStrings(scratch, v.Data, v.Offsets[:v.N+1])
	}
	return encoding.Compress(dst, scratch, codecFor(v.Kind)), scratch
}

// decodeChunk fills v from a chunk made by encodeChunk. buf is scratch for
// the decompressed bytes and is returned for reuse.
func decodeChunk(v *Vector, kind Kind, src, buf []byte) ([]byte, error) {
	raw, err := encoding.Decompress(buf[:0], src)
	if err != nil {
		return buf, err
	}
	nl, n := binary.Uvarint(raw)
	if n <= 0 || nl > uint64(len(raw)-n) {
		return raw, fmt.Errorf("corrupt chunk null bitmap")
	}
	codes := v.Codes[:0] // capacity reused when v is scratch
	v.Kind, v.Ascending = kind, false
	v.Nulls, v.Codes = nil, nil
	if nl > 0 {
		v.Nulls = roaring.New()
		if _, err := v.Nulls.ReadFrom(bytes.NewReader(raw[n : n+int(nl)])); err != nil {
			return raw, fmt.Errorf("corrupt chunk null bitmap: %w", err)
		}
	}
	body := raw[n+int(nl):]
	switch kind {
	case KindInt, KindUint:
		v.Ints, err = encoding.DecodeInts(v.Ints[:0], body)
		v.N = len(v.Ints)
		v.Ascending = kind == KindInt && v.Nulls == nil && slices.IsSorted(v.Ints)
	case KindFloat:
		v.Floats, err = encoding.DecodeFloats(v.Floats[:0], body)
		v.N = len(v.Floats)
	default:
		v.Data, v.Offsets, v.Codes, err = encoding.DecodeStringsCoded(v.Data[:0], v.Offsets[:0], codes, body)
		v.N = len(v.Offsets) - 1
		if v.Codes != nil {
			v.N = len(v.Codes)
		}
	}
	return raw, err
}

// vectorFromRows builds the vector of column ord from rows (buffer and
// transaction rows are kept in row form).
func vectorFromRows(v *Vector, kind Kind, rows []Row, ord int) {
	v.Kind, v.N, v.Nulls, v.Ascending, v.Codes = kind, len(rows), nil, false, nil
	v.Ints, v.Floats, v.Data, v.Offsets = v.Ints[:0], v.Floats[:0], v.Data[:0], v.Offsets[:0]
	if kind == KindBytes {
		v.Offsets = append(v.Offsets, 0)
	}
	for i, r := range rows {
		var x any
		if ord < len(r) {
			x = r[ord]
		}
		if x == nil {
			if v.Nulls == nil {
				v.Nulls = roaring.New()
			}
			v.Nulls.Add(uint32(i))
		}
		appendToVector(v, x)
	}
}

func appendToVector(v *Vector, x any) {
	switch v.Kind {
	case KindInt:
		i, _ := x.(int64)
		v.Ints = append(v.Ints, i)
	case KindUint:
		u, _ := x.(uint64)
		v.Ints = append(v.Ints, int64(u))
	case KindFloat:
		f, _ := x.(float64)
		v.Floats = append(v.Floats, f)
	default:
		s, _ := x.(string)
		v.Data = append(v.Data, s...)
		v.Offsets = append(v.Offsets, uint32(len(v.Data)))
	}
}

// zoneOf computes the zone map of a vector.
func zoneOf(v *Vector) ZoneMap {
	z := ZoneMap{Kind: v.Kind}
	if v.Nulls != nil {
		z.Nulls = int(v.Nulls.GetCardinality())
	}
	for i := 0; i < v.N; i++ {
		if v.IsNull(i) {
			continue
		}
		first := !z.HasRange
		z.HasRange = true
		switch v.Kind {
		case KindInt:
			x := v.Ints[i]
			if first || x < z.MinI {
				z.MinI = x
			}
			if first || x > z.MaxI {
				z.MaxI = x
			}
		case KindUint:
			x := uint64(v.Ints[i])
			if first || x < uint64(z.MinI) {
				z.MinI = int64(x)
			}
			if first || x > uint64(z.MaxI) {
				z.MaxI = int64(x)
			}
		case KindFloat:
			x := v.Floats[i]
			if first || x < z.MinF {
				z.MinF = x
			}
			if first || x > z.MaxF {
				z.MaxF = x
			}
		default:
			b := v.Bytes(i)
			if first || bytes.Compare(b, z.MinB) < 0 {
				z.MinB = append(z.MinB[:0], b...)
			}
			if first || bytes.Compare(b, z.MaxB) > 0 {
				z.MaxB = append(z.MaxB[:0], b...)
			}
		}
	}
	z.RawBytes = rawBytes(v)
	return z
}

func rawBytes(v *Vector) int64 {
	switch v.Kind {
	case KindBytes:
		return int64(len(v.Data))
	default:
		return int64(v.N) * 8
	}
}

func kindMatches(k Kind, x any) bool {
	switch x.(type) {
	case int64:
		return k == KindInt
	case uint64:
		return k == KindUint
	case float64:
		return k == KindFloat
	case string:
		return k == KindBytes
	}
	return false
}

// vectorLen returns the number of values appended to v.
func vectorLen(v *Vector) int {
	switch v.Kind {
	case KindFloat:
		return len(v.Floats)
	case KindBytes:
		if v.Codes != nil {
			return len(v.Codes)
		}
		return len(v.Offsets) - 1
	}
	return len(v.Ints)
}

// truncateVector keeps the first n values of v (and their NULL marks).
func truncateVector(v *Vector, n int) {
	v.N = n
	switch v.Kind {
	case KindFloat:
		v.Floats = v.Floats[:min(n, len(v.Floats))]
	case KindBytes:
		v.Expand()
		if n+1 < len(v.Offsets) {
			v.Offsets = v.Offsets[:n+1]
		}
		v.Data = v.Data[:v.Offsets[len(v.Offsets)-1]]
	default:
		v.Ints = v.Ints[:min(n, len(v.Ints))]
	}
	if v.Nulls != nil {
		if n == 0 {
			v.Nulls = nil
		} else {
			v.Nulls.RemoveRange(uint64(n), uint64(1)<<32)
		}
	}
}
