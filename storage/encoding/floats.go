package encoding

import (
	"encoding/binary"
	"fmt"
	"math"
	"slices"
	"sync"
	"unsafe"
)

// maxDecimalScale is the largest power of ten the decimal scheme tries.
const maxDecimalScale = 6

var pow10 = [maxDecimalScale + 1]float64{1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6}

// intsPool holds scratch []int64 for the decimal scheme's mantissas.
var intsPool = sync.Pool{New: func() any { return new([]int64) }}

// AppendFloats appends an encoded block of src to dst. Values round-trip
// bit for bit (NaN payloads, ±Inf and -0 included). Schemes: constant (all
// bit-equal), decimal (every value is m/10^s for an int64 m with |m| <= 2^53
// and a scale s <= 6, such as prices; m is stored as a nested ints block)
// when that is smaller, else raw little-endian.
func AppendFloats(dst []byte, src []float64) []byte {
	n := len(src)
	if n == 0 {
		return appendHeader(dst, schemeFloatsRaw, 0)
	}
	first := math.Float64bits(src[0])
	allEqual := true
	for _, v := range src[1:] {
		if math.Float64bits(v) != first {
			allEqual = false
			break
		}
	}
	if allEqual {
		dst = appendHeader(dst, schemeFloatsConst, n)
		return binary.LittleEndian.AppendUint64(dst, first)
	}
	start := len(dst)
	if out, ok := appendFloatsDecimal(dst, src); ok && len(out)-start < 8*n {
		return out
	}
	dst = appendHeader(dst[:start], schemeFloatsRaw, n)
	dst = slices.Grow(dst, 8*n)
	for _, v := range src {
		dst = binary.LittleEndian.AppendUint64(dst, math.Float64bits(v))
	}
	return dst
}

// appendFloatsDecimal appends a decimal block if src has a scale at which
// every value round-trips exactly.
func appendFloatsDecimal(dst []byte, src []float64) ([]byte, bool) {
	scale, ok := decimalScale(src)
	if !ok {
		return dst, false
	}
	bp := intsPool.Get().(*[]int64)
	m := grow(*bp, len(src))
	p := pow10[scale]
	for i, v := range src {
		m[i] = int64(math.Round(v * p))
	}
	dst = appendHeader(dst, schemeFloatsDecimal, len(src))
	dst = append(dst, byte(scale))
	dst = AppendInts(dst, m)
	*bp = m
	intsPool.Put(bp)
	return dst, true
}

// decimalScale returns the smallest scale s such that every v equals
// float64(round(v*10^s))/10^s bit for bit.
func decimalScale(src []float64) (int, bool) {
	const limit = 1 << 53
	for s, p := range pow10 {
		ok := true
		for _, v := range src {
			m := math.Round(v * p)
			if !(m >= -limit && m <= limit) ||
				math.Float64bits(float64(int64(m))/p) != math.Float64bits(v) {
				ok = false
				break
			}
		}
		if ok {
			return s, true
		}
	}
	return 0, false
}

// DecodeFloats decodes a block made by AppendFloats into dst[:0] (grown
// only if its capacity is too small) and returns it.
func DecodeFloats(dst []float64, src []byte) ([]float64, error) {
	s, n, rest, err := readHeader(src)
	if err == nil {
		dst, err = decodeFloatsBody(dst, s, n, rest)
	}
	if err != nil {
		return dst[:0], fmt.Errorf("decode floats: %w", err)
	}
	return dst, nil
}

func decodeFloatsBody(dst []float64, s scheme, n int, src []byte) ([]float64, error) {
	switch s {
	case schemeFloatsConst:
		if n == 0 {
			return dst, fmt.Errorf("%s: empty block", s)
		}
		if err := checkEnd(s, src, 8); err != nil {
			return dst, err
		}
		v := math.Float64frombits(binary.LittleEndian.Uint64(src))
		dst = grow(dst, n)
		for i := range dst {
			dst[i] = v
		}
		return dst, nil
	case schemeFloatsRaw:
		if err := checkEnd(s, src, 8*n); err != nil {
			return dst, err
		}
		dst = grow(dst, n)
		decodeRaw(dst, src)
		return dst, nil
	case schemeFloatsDecimal:
		return decodeFloatsDecimal(dst, n, src)
	}
	return dst, fmt.Errorf("%s is not a floats scheme", s)
}

func decodeFloatsDecimal(dst []float64, n int, src []byte) ([]float64, error) {
	s := schemeFloatsDecimal
	if len(src) == 0 {
		return dst, fmt.Errorf("%s: %w: no scale", s, errTruncated)
	}
	scale := int(src[0])
	if scale > maxDecimalScale {
		return dst, fmt.Errorf("%s: scale %d exceeds %d", s, scale, maxDecimalScale)
	}
	src = src[1:]
	if _, inner, _, err := readHeader(src); err != nil || inner != n {
		if err == nil {
			err = fmt.Errorf("nested block has %d values, want %d", inner, n)
		}
		return dst, fmt.Errorf("%s: %w", s, err)
	}
	dst = grow(dst, n)
	// The mantissas are decoded in place: int64 and float64 have the same
	// size, and each slot is read as int64 before it is written as float64.
	m := unsafe.Slice((*int64)(unsafe.Pointer(unsafe.SliceData(dst))), n)
	m, err := DecodeInts(m[:0], src)
	if err != nil {
		return dst[:0], fmt.Errorf("%s: %w", s, err)
	}
	p := pow10[scale]
	for i, v := range m {
		dst[i] = float64(v) / p
	}
	return dst, nil
}
