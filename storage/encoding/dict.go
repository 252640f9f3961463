package encoding

import (
	"bytes"
	"encoding/binary"
	"hash/maphash"
	"sync"
)

// dictBuilder finds the distinct values of a strings block. It is pooled so
// that steady-state encoding allocates nothing; its slices only grow.
type dictBuilder struct {
	slots   []int32 // open-addressing table: entry index+1, 0 = empty; len is a power of two
	entries []dictEntry
	codes   []uint32 // code of each row
	bytes   int      // total length of the distinct values
}

type dictEntry struct {
	start, end uint32 // bounds of the value in the input data
	hash       uint64
}

var (
	dictPool = sync.Pool{New: func() any { return new(dictBuilder) }}
	dictSeed = maphash.MakeSeed()
)

// dictSize returns the encoded size of a dictionary body (after the header)
// with k distinct values totalling dictBytes, n rows and end width endW.
func dictSize(n, k, dictBytes int, endW uint) int {
	codeW := bitWidth(uint64(max(k, 1) - 1))
	return uvarintLen(uint64(k)) + 1 + packedLen(k, endW) + dictBytes + 1 + packedLen(n, codeW)
}

// appendStringsDict appends a dictionary block if its body is smaller than
// limit bytes and reports whether it did.
func appendStringsDict(dst []byte, data []byte, offsets []uint32, limit int) ([]byte, bool) {
	b := dictPool.Get().(*dictBuilder)
	defer dictPool.Put(b)
	n := len(offsets) - 1
	if !b.build(data, offsets, limit) {
		return dst, false
	}
	k := len(b.entries)
	endW := bitWidth(uint64(b.bytes))
	if dictSize(n, k, b.bytes, endW) >= limit {
		return dst, false
	}
	dst = appendHeader(dst, schemeStringsDict, n)
	dst = binary.AppendUvarint(dst, uint64(k))
	dst = append(dst, byte(endW))
	bw := newBitWriter(dst, k, endW)
	end := 0
	for _, e := range b.entries {
		end += int(e.end - e.start)
		bw.add(uint64(end))
	}
	dst = bw.finish()
	for _, e := range b.entries {
		dst = append(dst, data[e.start:e.end]...)
	}
	codeW := bitWidth(uint64(k - 1))
	dst = append(dst, byte(codeW))
	bw = newBitWriter(dst, n, codeW)
	for _, c := range b.codes {
		bw.add(uint64(c))
	}
	return bw.finish(), true
}

// build fills entries and codes; it gives up (false) as soon as the
// dictionary alone shows the block cannot beat limit bytes.
func (b *dictBuilder) build(data []byte, offsets []uint32, limit int) bool {
	n := len(offsets) - 1
	b.entries, b.codes, b.bytes = b.entries[:0], grow(b.codes, n), 0
	b.resize(64)
	mask := uint64(len(b.slots) - 1)
	for i := range n {
		start, end := offsets[i], offsets[i+1]
		v := data[start:end]
		h := maphash.Bytes(dictSeed, v)
		j := h & mask
		for {
			s := b.slots[j]
			if s == 0 {
				break
			}
			e := &b.entries[s-1]
			if e.hash == h && bytes.Equal(data[e.start:e.end], v) {
				break
			}
			j = (j + 1) & mask
		}
		if s := b.slots[j]; s != 0 {
			b.codes[i] = uint32(s - 1)
			continue
		}
		b.entries = append(b.entries, dictEntry{start: start, end: end, hash: h})
		b.slots[j] = int32(len(b.entries))
		b.codes[i] = uint32(len(b.entries) - 1)
		b.bytes += len(v)
		if dictSize(n, len(b.entries), b.bytes, 0) >= limit {
			return false
		}
		if 2*len(b.entries) > len(b.slots) {
			b.resize(2 * len(b.slots))
			mask = uint64(len(b.slots) - 1)
		}
	}
	return true
}

// resize sets the table to size slots (a power of two) and reinserts the
// entries.
func (b *dictBuilder) resize(size int) {
	b.slots = grow(b.slots, size)
	clear(b.slots)
	mask := uint64(size - 1)
	for i, e := range b.entries {
		j := e.hash & mask
		for b.slots[j] != 0 {
			j = (j + 1) & mask
		}
		b.slots[j] = int32(i + 1)
	}
}
