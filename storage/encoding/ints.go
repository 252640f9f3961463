package encoding

import (
	"encoding/binary"
	"fmt"
	"slices"
)

// intStats summarises a non-empty []int64 for choosing a scheme.
type intStats struct {
	min, max   int64
	maxZZDelta uint64 // largest zigzag(v[i]-v[i-1]), wrapping
}

func statsOfInts(src []int64) intStats {
	st := intStats{min: src[0], max: src[0]}
	prev := src[0]
	for _, v := range src[1:] {
		st.min = min(st.min, v)
		st.max = max(st.max, v)
		st.maxZZDelta = max(st.maxZZDelta, zigzag(int64(uint64(v)-uint64(prev))))
		prev = v
	}
	return st
}

// AppendInts appends an encoded block of src to dst. It picks the smallest
// of constant (all equal), frame-of-reference + bit-packing (v-min packed at
// the width of max-min), delta + zigzag + bit-packing (sorted or
// near-sorted data such as dates and ids), and raw little-endian. Ties go to
// the scheme that decodes faster, in that order.
func AppendInts(dst []byte, src []int64) []byte {
	n := len(src)
	if n == 0 {
		return appendHeader(dst, schemeIntsRaw, 0)
	}
	st := statsOfInts(src)
	if st.min == st.max && varintLen(st.min) <= 8*n {
		dst = appendHeader(dst, schemeIntsConst, n)
		return binary.AppendVarint(dst, src[0])
	}
	forW := bitWidth(uint64(st.max) - uint64(st.min))
	deltaW := bitWidth(st.maxZZDelta)
	forSize := varintLen(st.min) + 1 + packedLen(n, forW)
	deltaSize := varintLen(src[0]) + 1 + packedLen(n-1, deltaW)
	rawSize := 8 * n
	switch {
	case forSize <= deltaSize && forSize <= rawSize:
		return appendIntsFOR(dst, src, st.min, forW)
	case deltaSize <= rawSize:
		return appendIntsDelta(dst, src, deltaW)
	default:
		return appendIntsRaw(dst, src)
	}
}

func appendIntsFOR(dst []byte, src []int64, minV int64, w uint) []byte {
	dst = appendHeader(dst, schemeIntsFOR, len(src))
	dst = binary.AppendVarint(dst, minV)
	dst = append(dst, byte(w))
	bw := newBitWriter(dst, len(src), w)
	base := uint64(minV)
	for _, v := range src {
		bw.add(uint64(v) - base)
	}
	return bw.finish()
}

func appendIntsDelta(dst []byte, src []int64, w uint) []byte {
	dst = appendHeader(dst, schemeIntsDelta, len(src))
	dst = binary.AppendVarint(dst, src[0])
	dst = append(dst, byte(w))
	bw := newBitWriter(dst, len(src)-1, w)
	prev := src[0]
	for _, v := range src[1:] {
		bw.add(zigzag(int64(uint64(v) - uint64(prev))))
		prev = v
	}
	return bw.finish()
}

func appendIntsRaw(dst []byte, src []int64) []byte {
	dst = appendHeader(dst, schemeIntsRaw, len(src))
	dst = slices.Grow(dst, 8*len(src))
	for _, v := range src {
		dst = binary.LittleEndian.AppendUint64(dst, uint64(v))
	}
	return dst
}

// DecodeInts decodes a block made by AppendInts into dst[:0] (grown only if
// its capacity is too small) and returns it.
func DecodeInts(dst []int64, src []byte) ([]int64, error) {
	s, n, rest, err := readHeader(src)
	if err == nil {
		dst, err = decodeIntsBody(dst, s, n, rest)
	}
	if err != nil {
		return dst[:0], fmt.Errorf("decode ints: %w", err)
	}
	return dst, nil
}

func decodeIntsBody(dst []int64, s scheme, n int, src []byte) ([]int64, error) {
	switch s {
	case schemeIntsConst:
		if n == 0 {
			return dst, fmt.Errorf("%s: empty block", s)
		}
		v, rest, err := readVarint(src, "value")
		if err != nil {
			return dst, fmt.Errorf("%s: %w", s, err)
		}
		if err := checkEnd(s, rest, 0); err != nil {
			return dst, err
		}
		dst = grow(dst, n)
		for i := range dst {
			dst[i] = v
		}
		return dst, nil
	case schemeIntsFOR, schemeIntsDelta:
		return decodeIntsPacked(dst, s, n, src)
	case schemeIntsRaw:
		if err := checkEnd(s, src, 8*n); err != nil {
			return dst, err
		}
		dst = grow(dst, n)
		decodeRaw(dst, src)
		return dst, nil
	}
	return dst, fmt.Errorf("%s is not an ints scheme", s)
}

func decodeIntsPacked(dst []int64, s scheme, n int, src []byte) ([]int64, error) {
	if n == 0 {
		return dst, fmt.Errorf("%s: empty block", s)
	}
	base, rest, err := readVarint(src, "base")
	if err != nil {
		return dst, fmt.Errorf("%s: %w", s, err)
	}
	w, rest, err := readWidth(rest, 64)
	if err != nil {
		return dst, fmt.Errorf("%s: %w", s, err)
	}
	if s == schemeIntsFOR {
		if err := checkEnd(s, rest, packedLen(n, w)); err != nil {
			return dst, err
		}
		dst = grow(dst, n)
		unpack(dst, rest, w, uint64(base))
		return dst, nil
	}
	if err := checkEnd(s, rest, packedLen(n-1, w)); err != nil {
		return dst, err
	}
	dst = grow(dst, n)
	dst[0] = base
	unpackDelta(dst[1:], rest, w, base)
	return dst, nil
}

// checkEnd checks that src holds exactly want more bytes.
func checkEnd(s scheme, src []byte, want int) error {
	switch {
	case len(src) < want:
		return fmt.Errorf("%s: %w: have %d bytes, need %d", s, errTruncated, len(src), want)
	case len(src) > want:
		return fmt.Errorf("%s: %d trailing bytes", s, len(src)-want)
	}
	return nil
}
