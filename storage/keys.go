package storage

import "encoding/binary"

// Key prefixes. Every key starts with one of these bytes followed by '/',
// so one kind of record is one contiguous key range.
const (
	prefixMeta    = 'm'
	prefixDB      = 'd'
	prefixTable   = 'c'
	prefixSegment = 's'
	prefixChunk   = 'k'
	prefixDeletes = 'x'
	prefixBuffer  = 'b'
	prefixPK      = 'p'
	prefixIndex   = 'i'
)

func metaKey(name string) []byte { return append([]byte{prefixMeta, '/'}, name...) }

func dbKey(name string) []byte { return append([]byte{prefixDB, '/'}, nameKey(name)...) }

func appendU64(dst []byte, v uint64) []byte { return binary.BigEndian.AppendUint64(dst, v) }
func appendU32(dst []byte, v uint32) []byte { return binary.BigEndian.AppendUint32(dst, v) }

// tableKey is the descriptor of table tid.
func tableKey(tid uint64) []byte { return appendU64([]byte{prefixTable, '/'}, tid) }

// tablePrefix returns the start of table tid's range under prefix p.
func tablePrefix(p byte, tid uint64) []byte { return appendU64([]byte{p, '/'}, tid) }

func segmentKey(tid uint64, seg uint32) []byte {
	return appendU32(tablePrefix(prefixSegment, tid), seg)
}

func chunkKey(tid uint64, seg uint32, col uint32) []byte {
	return appendU32(appendU32(tablePrefix(prefixChunk, tid), seg), col)
}

func deletesKey(tid uint64, seg uint32) []byte {
	return appendU32(tablePrefix(prefixDeletes, tid), seg)
}

func bufferKey(tid uint64, seg uint32, first uint32) []byte {
	return appendU32(appendU32(tablePrefix(prefixBuffer, tid), seg), first)
}

func indexKey(tid uint64, seg uint32, col uint32) []byte {
	return appendU32(appendU32(tablePrefix(prefixIndex, tid), seg), col)
}

func pkKey(tid uint64, key []byte) []byte {
	return append(tablePrefix(prefixPK, tid), key...)
}

// prefixEnd returns the smallest key greater than every key with prefix p.
func prefixEnd(p []byte) []byte {
	end := append([]byte(nil), p...)
	for i := len(end) - 1; i >= 0; i-- {
		if end[i] < 0xff {
			end[i]++
			return end[:i+1]
		}
	}
	return nil
}
