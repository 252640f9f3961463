package encoding

import (
	"encoding/binary"
	"unsafe"
)

// The raw schemes store 8-byte little-endian words. On little-endian
// machines that is the in-memory layout of []int64 and []float64, so
// decoding is a memmove.
var nativeLittleEndian = binary.NativeEndian.Uint16([]byte{1, 0}) == 1

// decodeRaw fills dst from 8*len(dst) bytes of little-endian words.
func decodeRaw[T int64 | float64](dst []T, src []byte) {
	src = src[:8*len(dst)]
	if nativeLittleEndian {
		copy(unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(dst))), 8*len(dst)), src)
		return
	}
	for i := range dst {
		*(*uint64)(unsafe.Pointer(&dst[i])) = binary.LittleEndian.Uint64(src[8*i:])
	}
}
