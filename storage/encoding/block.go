package encoding

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math/bits"
)

// MaxBlockLen is the most values one block may hold. Encoders panic on
// longer input (a caller bug: segments are far smaller); decoders reject a
// header that claims more, so a hostile count cannot make them allocate
// more than MaxBlockLen values.
const MaxBlockLen = 1 << 24

// scheme is the one-byte tag that starts every block. Zero is never a valid
// tag, so zeroed memory does not decode.
type scheme byte

const (
	schemeIntsConst     scheme = 0x01 // varint value
	schemeIntsFOR       scheme = 0x02 // varint min, width byte, packed v-min
	schemeIntsDelta     scheme = 0x03 // varint first, width byte, packed zigzag deltas
	schemeIntsRaw       scheme = 0x04 // n × 8 bytes little-endian
	schemeFloatsConst   scheme = 0x11 // 8 bytes little-endian IEEE 754 bits
	schemeFloatsRaw     scheme = 0x12 // n × 8 bytes little-endian IEEE 754 bits
	schemeFloatsDecimal scheme = 0x13 // scale byte, nested ints block of v×10^scale
	schemeStringsPlain  scheme = 0x21 // width byte, packed lengths, bytes
	schemeStringsDict   scheme = 0x22 // dict size, width, packed ends, dict bytes, width, packed codes
)

func (s scheme) String() string {
	switch s {
	case schemeIntsConst:
		return "ints-const"
	case schemeIntsFOR:
		return "ints-for"
	case schemeIntsDelta:
		return "ints-delta"
	case schemeIntsRaw:
		return "ints-raw"
	case schemeFloatsConst:
		return "floats-const"
	case schemeFloatsRaw:
		return "floats-raw"
	case schemeFloatsDecimal:
		return "floats-decimal"
	case schemeStringsPlain:
		return "strings-plain"
	case schemeStringsDict:
		return "strings-dict"
	}
	return fmt.Sprintf("unknown(%#02x)", byte(s))
}

func (s scheme) known() bool { return s.String()[0] != 'u' }

// appendHeader appends the tag and the value count.
func appendHeader(dst []byte, s scheme, n int) []byte {
	if n < 0 || n > MaxBlockLen {
		panic(fmt.Sprintf("encoding: block of %d values exceeds MaxBlockLen (%d)", n, MaxBlockLen))
	}
	dst = append(dst, byte(s))
	return binary.AppendUvarint(dst, uint64(n))
}

var errTruncated = errors.New("truncated block")

// readHeader parses the tag and count of a block and returns the rest.
// The tag is not checked against a kind; callers do that.
func readHeader(src []byte) (scheme, int, []byte, error) {
	if len(src) == 0 {
		return 0, 0, nil, errors.New("empty block")
	}
	s := scheme(src[0])
	n, k := binary.Uvarint(src[1:])
	if k == 0 {
		return s, 0, nil, fmt.Errorf("%s: %w: no value count", s, errTruncated)
	}
	if k < 0 || n > MaxBlockLen {
		return s, 0, nil, fmt.Errorf("%s: value count exceeds %d", s, MaxBlockLen)
	}
	return s, int(n), src[1+k:], nil
}

// Count returns the number of values in an encoded block (ints, floats or
// strings) without decoding it.
func Count(src []byte) (int, error) {
	s, n, _, err := readHeader(src)
	if err != nil {
		return 0, fmt.Errorf("count: %w", err)
	}
	if !s.known() {
		return 0, fmt.Errorf("count: unknown scheme tag %#02x", byte(s))
	}
	return n, nil
}

// readVarint reads a zigzag varint.
func readVarint(src []byte, what string) (int64, []byte, error) {
	v, k := binary.Varint(src)
	if k <= 0 {
		return 0, nil, fmt.Errorf("bad varint %s", what)
	}
	return v, src[k:], nil
}

// readUvarint reads an unsigned varint.
func readUvarint(src []byte, what string) (uint64, []byte, error) {
	v, k := binary.Uvarint(src)
	if k <= 0 {
		return 0, nil, fmt.Errorf("bad uvarint %s", what)
	}
	return v, src[k:], nil
}

// readWidth reads a bit-width byte and checks it is at most max.
func readWidth(src []byte, max uint) (uint, []byte, error) {
	if len(src) == 0 {
		return 0, nil, fmt.Errorf("%w: no bit width", errTruncated)
	}
	w := uint(src[0])
	if w > max {
		return 0, nil, fmt.Errorf("bit width %d exceeds %d", w, max)
	}
	return w, src[1:], nil
}

// uvarintLen is the encoded size of binary.AppendUvarint(nil, v).
func uvarintLen(v uint64) int { return (bits.Len64(v|1) + 6) / 7 }

// varintLen is the encoded size of binary.AppendVarint(nil, v).
func varintLen(v int64) int { return uvarintLen(zigzag(v)) }

func zigzag(v int64) uint64   { return uint64(v<<1) ^ uint64(v>>63) }
func unzigzag(u uint64) int64 { return int64(u>>1) ^ -int64(u&1) }

// grow returns s[:n], reallocating only when cap(s) < n.
func grow[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	return s[:n]
}
