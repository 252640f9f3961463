package encoding

import (
	"encoding/binary"
	"math/bits"
	"slices"
)

// Bit-packing stores n values of w bits each (0 <= w <= 64) as one
// little-endian bit stream: value i occupies bits [i*w, (i+1)*w), bit 0 being
// the lowest bit of the first byte. The stream takes packedLen(n, w) bytes;
// unused high bits of the last byte are zero when written by bitWriter and
// ignored when read.

// bitWidth returns the number of bits needed to hold v (0 for 0).
func bitWidth(v uint64) uint { return uint(bits.Len64(v)) }

// packedLen returns the bytes taken by n values of width w.
func packedLen(n int, w uint) int { return int((uint64(n)*uint64(w) + 7) / 8) }

// widthMask returns a mask of the low w bits (all ones for w == 64).
func widthMask(w uint) uint64 { return uint64(1)<<w - 1 }

// bitWriter appends values of a fixed width to a byte slice. Values must
// fit in w bits.
type bitWriter struct {
	dst   []byte
	acc   uint64 // pending bits, lowest first
	nbits uint   // number of pending bits in acc, < 64
	w     uint
}

func newBitWriter(dst []byte, n int, w uint) bitWriter {
	return bitWriter{dst: slices.Grow(dst, packedLen(n, w)+8), w: w}
}

// add appends v. Go defines shifts by >= 64 as 0, which keeps the w == 64
// and nbits == 0 cases branch-free.
func (b *bitWriter) add(v uint64) {
	b.acc |= v << b.nbits
	b.nbits += b.w
	if b.nbits >= 64 {
		b.dst = binary.LittleEndian.AppendUint64(b.dst, b.acc)
		b.nbits -= 64
		b.acc = v >> (b.w - b.nbits)
	}
}

// finish flushes the pending bits and returns the slice.
func (b *bitWriter) finish() []byte {
	for ; b.nbits > 0; b.nbits -= min(b.nbits, 8) {
		b.dst = append(b.dst, byte(b.acc))
		b.acc >>= 8
	}
	return b.dst
}

// unpack decodes len(dst) values of width w from src and stores v+base
// (wrapping) in dst. src must hold at least packedLen(len(dst), w) bytes
// and w must be at most 64.
func unpack[T ~uint32 | ~int64 | ~uint64](dst []T, src []byte, w uint, base uint64) {
	switch {
	case w == 0:
		for i := range dst {
			dst[i] = T(base)
		}
		return
	case w == 64:
		src = src[:8*len(dst)]
		for i := range dst {
			dst[i] = T(binary.LittleEndian.Uint64(src[8*i:]) + base)
		}
		return
	}
	mask := widthMask(w)
	// Values whose byte offset leaves 9 readable bytes take the fast path.
	fast := 0
	if len(src) >= 9 {
		fast = min(len(dst), int(uint64(len(src)-9)*8/uint64(w)))
	}
	bit, w64 := uint64(0), uint64(w)
	if w <= 56 {
		i := 0
		for ; i+4 <= fast; i += 4 {
			d := dst[i : i+4 : i+4]
			b1, b2, b3 := bit+w64, bit+2*w64, bit+3*w64
			d[0] = T(binary.LittleEndian.Uint64(src[bit>>3:])>>(bit&7)&mask + base)
			d[1] = T(binary.LittleEndian.Uint64(src[b1>>3:])>>(b1&7)&mask + base)
			d[2] = T(binary.LittleEndian.Uint64(src[b2>>3:])>>(b2&7)&mask + base)
			d[3] = T(binary.LittleEndian.Uint64(src[b3>>3:])>>(b3&7)&mask + base)
			bit += 4 * w64
		}
		for ; i < fast; i++ {
			v := binary.LittleEndian.Uint64(src[bit>>3:]) >> (bit & 7)
			dst[i] = T(v&mask + base)
			bit += w64
		}
	} else {
		for i := range dst[:fast] {
			off, s := bit>>3, bit&7
			v := binary.LittleEndian.Uint64(src[off:])>>s | uint64(src[off+8])<<(64-s)
			dst[i] = T(v&mask + base)
			bit += uint64(w)
		}
	}
	for i := fast; i < len(dst); i++ {
		dst[i] = T(readPacked(src, i, w) + base)
	}
}

// readPacked returns value i of a stream of width w (0..64). src must hold
// packedLen(i+1, w) bytes; no slack after them is assumed.
func readPacked(src []byte, i int, w uint) uint64 {
	bit := uint64(i) * uint64(w)
	off, s := bit>>3, bit&7
	if off+9 <= uint64(len(src)) {
		v := binary.LittleEndian.Uint64(src[off:])>>s | uint64(src[off+8])<<(64-s)
		return v & widthMask(w)
	}
	var lo, hi uint64
	for j, b := range src[off:min(off+9, uint64(len(src)))] {
		if j < 8 {
			lo |= uint64(b) << (8 * j)
		} else {
			hi = uint64(b)
		}
	}
	return (lo>>s | hi<<(64-s)) & widthMask(w)
}

// unpackDelta is unpack fused with the delta scheme's prefix sum: dst[i] is
// first plus the sum of the unzigzagged values 0..i, wrapping.
func unpackDelta(dst []int64, src []byte, w uint, first int64) {
	if w == 0 {
		for i := range dst {
			dst[i] = first
		}
		return
	}
	mask := widthMask(w)
	fast := 0
	if len(src) >= 9 && w <= 56 {
		fast = min(len(dst), int(uint64(len(src)-9)*8/uint64(w)))
	}
	prev, bit := first, uint64(0)
	for i := range dst[:fast] {
		u := binary.LittleEndian.Uint64(src[bit>>3:]) >> (bit & 7) & mask
		prev += unzigzag(u)
		dst[i] = prev
		bit += uint64(w)
	}
	for i := fast; i < len(dst); i++ {
		prev += unzigzag(readPacked(src, i, w))
		dst[i] = prev
	}
}
