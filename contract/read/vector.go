package read

import (
	"fmt"

	"github.com/RoaringBitmap/roaring/v2"
)

// Kind is the physical type of a column. Every SQL type maps onto one kind:
// signed integers, booleans, dates (days since 1970-01-01), datetimes and
// timestamps (microseconds since the epoch, UTC) and decimals of precision
// <= 18 (scaled by 10^scale) are KindInt; unsigned integers are KindUint;
// DOUBLE/FLOAT are KindFloat; strings, blobs and wide decimals are KindBytes.
type Kind uint8

const (
	KindInt   Kind = 1
	KindUint  Kind = 2
	KindFloat Kind = 3
	KindBytes Kind = 4
)

func (k Kind) String() string {
	switch k {
	case KindInt:
		return "int"
	case KindUint:
		return "uint"
	case KindFloat:
		return "float"
	case KindBytes:
		return "bytes"
	}
	return fmt.Sprintf("kind(%d)", uint8(k))
}

// Valid reports whether k is one of the known kinds.
func (k Kind) Valid() bool { return k >= KindInt && k <= KindBytes }

// Vector is one decoded column of one segment. Position i is NULL when
// Nulls contains i; the value slot then holds the zero value.
//
// Bytes values are stored back to back: value i is
// Data[Offsets[i]:Offsets[i+1]], so len(Offsets) == N+1. A Vector and its
// slices belong to the scan that produced it and are only valid inside the
// callback that received them; copy what you keep.
type Vector struct {
	Kind    Kind
	N       int
	Ints    []int64   // KindInt; KindUint holds the uint64 bit pattern
	Floats  []float64 // KindFloat
	Data    []byte    // KindBytes
	Offsets []uint32  // KindBytes
	// Codes, when not nil, puts a KindBytes vector in dictionary form:
	// Data and Offsets hold the chunk's distinct values (DictLen of them)
	// and Codes[i] is row i's value number. Chunks stored dictionary-
	// encoded decode this way; Bytes hides the difference, and a caller
	// that tests a predicate per row can test it per value instead.
	Codes []uint32
	Nulls *roaring.Bitmap
	// Ascending is set on a KindInt chunk of a segment without NULLs whose
	// values never decrease (rows loaded in sort-key order): an equality
	// or range on it is a binary search, not a pass over every row.
	Ascending bool
}

// IsNull reports whether position i is NULL.
func (v *Vector) IsNull(i int) bool { return v.Nulls != nil && v.Nulls.Contains(uint32(i)) }

// Bytes returns value i of a KindBytes vector without copying.
func (v *Vector) Bytes(i int) []byte {
	if v.Codes != nil {
		i = int(v.Codes[i])
	}
	return v.Data[v.Offsets[i]:v.Offsets[i+1]]
}

// DictLen returns the number of dictionary values of a vector in
// dictionary form (see Codes); DictValue(j) returns value j.
func (v *Vector) DictLen() int { return len(v.Offsets) - 1 }

// DictValue returns dictionary value j of a vector in dictionary form.
func (v *Vector) DictValue(j int) []byte { return v.Data[v.Offsets[j]:v.Offsets[j+1]] }

// Expand turns a vector in dictionary form into the plain form (one
// string per row), for code that writes vectors rather than reads them.
func (v *Vector) Expand() {
	if v.Codes == nil {
		return
	}
	data := make([]byte, 0, len(v.Data))
	offsets := make([]uint32, 1, v.N+1)
	for _, c := range v.Codes[:v.N] {
		data = append(data, v.DictValue(int(c))...)
		offsets = append(offsets, uint32(len(data)))
	}
	v.Data, v.Offsets, v.Codes = data, offsets, nil
}

// Value returns position i as a row element: nil (NULL), int64, uint64,
// float64 or string (allocates for strings).
func (v *Vector) Value(i int) any {
	if v.IsNull(i) {
		return nil
	}
	switch v.Kind {
	case KindInt:
		return v.Ints[i]
	case KindUint:
		return uint64(v.Ints[i])
	case KindFloat:
		return v.Floats[i]
	default:
		return string(v.Bytes(i))
	}
}

// ZoneMap summarises one column of one segment. For KindUint, MinI/MaxI
// hold the values as uint64 bit patterns compared unsigned. HasRange is
// false when every value is NULL (or the segment predates the column).
type ZoneMap struct {
	Kind     Kind    `json:"k"`
	HasRange bool    `json:"r,omitempty"`
	MinI     int64   `json:"mi,omitempty"`
	MaxI     int64   `json:"xi,omitempty"`
	MinF     float64 `json:"mf,omitempty"`
	MaxF     float64 `json:"xf,omitempty"`
	MinB     []byte  `json:"mb,omitempty"`
	MaxB     []byte  `json:"xb,omitempty"`
	Nulls    int     `json:"n,omitempty"`
	// Bytes is the encoded (compressed) size of the column chunk; RawBytes
	// the size of the values before encoding.
	Bytes    int64 `json:"b,omitempty"`
	RawBytes int64 `json:"rb,omitempty"`
}
