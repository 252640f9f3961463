package segments

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/RoaringBitmap/roaring/v2/roaring64"
)

// Segment is one saved segment: its members (customer ids) and the SQL
// that defines them. A Segment value is immutable once published to the
// cache: writers build a new one and replace it.
type Segment struct {
	Name    string
	SQL     string
	Version uint64    // grows by one with every create or refresh
	Refresh time.Time // when the members were computed (UTC, µs)
	Members *roaring64.Bitmap
	Control *Control // the holdout definition, or nil
}

// Control defines a segment's control group: the members with
// InControl(Seed, Percent, id) (see control.go).
type Control struct {
	Percent float64 // in (0, 100)
	Seed    int64
}

// blobMagic starts every encoded segment; the trailing digit is the
// format version.
var blobMagic = []byte("CSEG1")

// Encoding (all integers little-endian):
//
//	"CSEG1" | version u64 | refreshed µs i64 | hasControl u8
//	[percent f64 | seed i64] | len(sql) u32 | sql | roaring64 portable bytes
//
// A dropped segment's blob is deleted (an empty blob, written by earlier
// builds, also reads as dropped).

// Encode appends the segment's encoding to dst.
func (s *Segment) Encode(dst []byte) ([]byte, error) {
	dst = append(dst, blobMagic...)
	dst = binary.LittleEndian.AppendUint64(dst, s.Version)
	dst = binary.LittleEndian.AppendUint64(dst, uint64(s.Refresh.UnixMicro()))
	if s.Control == nil {
		dst = append(dst, 0)
	} else {
		dst = append(dst, 1)
		dst = binary.LittleEndian.AppendUint64(dst, math.Float64bits(s.Control.Percent))
		dst = binary.LittleEndian.AppendUint64(dst, uint64(s.Control.Seed))
	}
	dst = binary.LittleEndian.AppendUint32(dst, uint32(len(s.SQL)))
	dst = append(dst, s.SQL...)
	var buf bytes.Buffer
	if _, err := s.Members.WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("encode segment %s: %w", s.Name, err)
	}
	return append(dst, buf.Bytes()...), nil
}

var errCorrupt = errors.New("corrupt segment blob")

// Decode parses an encoding made by Encode.
func Decode(name string, b []byte) (*Segment, error) {
	s := &Segment{Name: name}
	r := reader{b: b}
	if !bytes.Equal(r.next(len(blobMagic)), blobMagic) {
		return nil, fmt.Errorf("segment %s: %w: bad magic", name, errCorrupt)
	}
	s.Version = r.u64()
	s.Refresh = time.UnixMicro(int64(r.u64())).UTC()
	if flag := r.next(1); len(flag) == 1 && flag[0] == 1 {
		s.Control = &Control{Percent: math.Float64frombits(r.u64()), Seed: int64(r.u64())}
	}
	s.SQL = string(r.next(int(r.u32())))
	if r.bad {
		return nil, fmt.Errorf("segment %s: %w: truncated", name, errCorrupt)
	}
	var err error
	if s.Members, err = readBitmap(r.b); err != nil {
		return nil, fmt.Errorf("segment %s: %w: %v", name, errCorrupt, err)
	}
	if s.Control != nil && !validPercent(s.Control.Percent) {
		return nil, fmt.Errorf("segment %s: %w: control percent %v", name, errCorrupt, s.Control.Percent)
	}
	return s, nil
}

// reader consumes a byte slice; bad records any read past its end.
type reader struct {
	b   []byte
	bad bool
}

func (r *reader) next(n int) []byte {
	if n < 0 || n > len(r.b) {
		r.bad, r.b = true, nil
		return nil
	}
	out := r.b[:n]
	r.b = r.b[n:]
	return out
}

func (r *reader) u64() uint64 {
	if b := r.next(8); len(b) == 8 {
		return binary.LittleEndian.Uint64(b)
	}
	return 0
}

func (r *reader) u32() uint32 {
	if b := r.next(4); len(b) == 4 {
		return binary.LittleEndian.Uint32(b)
	}
	return 0
}

// readBitmap parses a portable roaring64 bitmap. roaring's decoder
// trusts its input and can panic on corrupt bytes (found by FuzzDecode),
// so a panic becomes an error here.
func readBitmap(b []byte) (bm *roaring64.Bitmap, err error) {
	defer func() {
		if p := recover(); p != nil {
			bm, err = nil, fmt.Errorf("bitmap: %v", p)
		}
	}()
	// The portable format starts with the number of 32-bit containers,
	// each at least 12 bytes (4-byte key, 8-byte header); roaring
	// allocates that many slots before reading, so check it first.
	if len(b) < 8 || binary.LittleEndian.Uint64(b) > uint64(len(b)-8)/12 {
		return nil, fmt.Errorf("bitmap: bad container count")
	}
	bm = roaring64.New()
	if _, err := bm.ReadFrom(bytes.NewReader(b)); err != nil {
		return nil, err
	}
	return bm, nil
}
