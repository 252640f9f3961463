package exec

import (
	"math/bits"
	"sync"
	"time"
	"unsafe"

	"github.com/cohortdb/cohortdb/contract/membudget"
)

// Word arrays are kept for reuse: the large pointer-free arrays of hash
// tables (slots, hashes) and sorts (radix keys, normalised keys) go back
// to a pool when their operator is done with them, and the next table or
// sort of that size takes them from it. Go hands freed heap memory back
// to the kernel within seconds, and touching fresh memory costs a page
// fault per 4 KiB — on a virtual machine about 3 ms per MiB, more than
// filling a hash table; a reused array is already resident. What the
// pool holds is charged to the server's memory budget (the budget's
// reclaimer empties it before a statement would fail), bounded by
// poolMaxBytes, and dropped after poolIdle without use, so an idle
// server gives the memory back.

const (
	poolMinWords = 1 << 15 // smaller arrays are cheap to make
	poolIdle     = 10 * time.Second
)

// poolMaxBytes bounds what the pool holds (SetBufferPool).
var poolMaxBytes int64 = 1 << 30

type wordPool struct {
	mu    sync.Mutex
	free  [64][][]uint64 // by log2 of the capacity
	bytes int64
	acct  *membudget.Account
	idle  *time.Timer
}

var wordBufs wordPool

// SetBufferPool charges the arrays kept for reuse to acct (nil: none) and
// bounds them at max bytes.
func SetBufferPool(acct *membudget.Account, max int64) {
	ReclaimBuffers(1 << 62)
	wordBufs.mu.Lock()
	wordBufs.acct, poolMaxBytes = acct, max
	wordBufs.mu.Unlock()
}

// ReclaimBuffers drops kept arrays until need bytes are freed (a budget
// reclaimer) and returns the bytes freed.
func ReclaimBuffers(need int64) int64 {
	wordBufs.mu.Lock()
	freed := int64(0)
	for c := len(wordBufs.free) - 1; c >= 0 && freed < need; c-- {
		for len(wordBufs.free[c]) > 0 && freed < need {
			l := wordBufs.free[c]
			l[len(l)-1] = nil // else the list's array keeps it alive
			wordBufs.free[c] = l[:len(l)-1]
			freed += 8 << c
		}
	}
	wordBufs.bytes -= freed
	acct := wordBufs.acct
	wordBufs.mu.Unlock()
	if acct != nil && freed > 0 {
		acct.Release(freed)
	}
	return freed
}

// getWords returns n zeroed words, reusing a kept array when one fits.
func getWords(n int) []uint64 {
	if n < poolMinWords {
		return make([]uint64, n)
	}
	c := bits.Len(uint(n - 1))
	wordBufs.mu.Lock()
	if l := wordBufs.free[c]; len(l) > 0 {
		s := l[len(l)-1]
		l[len(l)-1] = nil
		wordBufs.free[c] = l[:len(l)-1]
		wordBufs.bytes -= 8 << c
		acct := wordBufs.acct
		wordBufs.mu.Unlock()
		if acct != nil {
			acct.Release(8 << c)
		}
		s = s[:n]
		clear(s)
		return s
	}
	wordBufs.mu.Unlock()
	return make([]uint64, n, 1<<c)
}

// putWords keeps s for reuse; nothing may read or write it afterwards.
func putWords(s []uint64) {
	c := cap(s)
	if c < poolMinWords || c&(c-1) != 0 {
		return // not one of getWords's
	}
	size := int64(c) * 8
	wordBufs.mu.Lock()
	full := wordBufs.bytes+size > poolMaxBytes
	acct := wordBufs.acct
	wordBufs.mu.Unlock()
	if full || acct != nil && acct.Reserve(size) != nil {
		return
	}
	wordBufs.mu.Lock()
	k := bits.Len(uint(c - 1))
	wordBufs.free[k] = append(wordBufs.free[k], s[:0])
	wordBufs.bytes += size
	if wordBufs.idle == nil {
		wordBufs.idle = time.AfterFunc(poolIdle, func() { ReclaimBuffers(1 << 62) })
	} else {
		wordBufs.idle.Reset(poolIdle)
	}
	wordBufs.mu.Unlock()
}

// appendWord appends x to s, growing it by doubling into a kept array
// and keeping the old one.
func appendWord(s []uint64, x uint64) []uint64 {
	if len(s) == cap(s) {
		t := getWords(max(1024, 2*cap(s)))[:len(s)]
		copy(t, s)
		putWords(s)
		s = t
	}
	return append(s, x)
}

// growInts doubles s's capacity into a kept array, keeping the old one.
func growInts(s []int64) []int64 {
	t := asInts(getWords(max(1024, 2*cap(s))))[:len(s)]
	copy(t, s)
	putWords(asWords(s))
	return t
}

// getInt32s returns n zeroed int32s, from a kept word array when one
// fits (a dense group index); putInt32s gives them back.
func getInt32s(n int) []int32 { return int32sOf(getWords((n+1)/2), n) }

func asInts(w []uint64) []int64 {
	return unsafe.Slice((*int64)(unsafe.Pointer(unsafe.SliceData(w))), cap(w))[:len(w)]
}

func asWords(s []int64) []uint64 {
	return unsafe.Slice((*uint64)(unsafe.Pointer(unsafe.SliceData(s))), cap(s))[:len(s)]
}

// release keeps t's slots, hashes and integer keys for reuse: t is not
// used again (its groups' results are built, the keys copied).
func (t *keyTable) release() {
	putWords(t.slots)
	putWords(t.hashes)
	for _, k := range t.keys {
		putWords(asWords(k.I))
		k.I = nil
	}
	putInt32s(t.dense.ids)
	t.slots, t.hashes, t.dense.ids = nil, nil, nil
}
