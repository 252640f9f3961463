package engine

import (
	"math/bits"
	"runtime"
	"sync/atomic"
)

// countPacked counts how often each distinct value occurs among chunks,
// whose values are all below 1<<bits (fewer than 1<<31 of them), and
// returns the distinct values in ascending order with their counts.
//
// Millions of distinct values (product pairs) counted in a hash table
// miss the cache on nearly every update. Instead the values are
// partitioned by their top bits (one parallel scatter, one output stream
// per partition), and each partition, small enough for the cache, is
// radix-sorted on the remaining bits and its runs counted.
func countPacked(chunks [][]uint64, bits int) ([]uint64, []int64) {
	pbits := min(bits, 10)
	all, bound := partitionPacked(chunks, uint(bits-pbits), 1<<pbits)
	// Each partition is sorted in place and compacted to its distinct
	// values (at its start) with their counts beside them.
	nparts := len(bound) - 1
	counts := make([]int32, len(all))
	distinct := make([]int, nparts)
	var next atomic.Int64
	_ = inParallel(max(1, min(runtime.GOMAXPROCS(0), nparts)), func(int) error {
		var scratch []uint64
		for {
			p := int(next.Add(1)) - 1
			if p >= nparts {
				return nil
			}
			s := all[bound[p]:bound[p+1]]
			if cap(scratch) < len(s) {
				scratch = make([]uint64, len(s))
			}
			radixSort(s, scratch[:len(s)])
			distinct[p] = countRuns(s, counts[bound[p]:bound[p+1]])
		}
	})
	total := 0
	for _, d := range distinct {
		total += d
	}
	keys, cnts := make([]uint64, 0, total), make([]int64, 0, total)
	for p, d := range distinct {
		keys = append(keys, all[bound[p]:bound[p]+d]...)
		for _, c := range counts[bound[p] : bound[p]+d] {
			cnts = append(cnts, int64(c))
		}
	}
	return keys, cnts
}

// partitionPacked places the values of chunks by their bits above shift
// into nparts partitions: partition p is all[bound[p]:bound[p+1]].
// Worker w places chunks w, w+workers, …, each into its own stretch of
// every partition, so the workers write without synchronising.
func partitionPacked(chunks [][]uint64, shift uint, nparts int) ([]uint64, []int) {
	workers := max(1, min(runtime.GOMAXPROCS(0), len(chunks)))
	// off[w][p] becomes where worker w writes its next value of partition p.
	off := make([][]int, workers)
	_ = inParallel(workers, func(w int) error {
		h := make([]int, nparts)
		for c := w; c < len(chunks); c += workers {
			for _, v := range chunks[c] {
				h[v>>shift]++
			}
		}
		off[w] = h
		return nil
	})
	bound := make([]int, nparts+1)
	n := 0
	for p := range nparts {
		bound[p] = n
		for _, h := range off {
			n, h[p] = n+h[p], n
		}
	}
	bound[nparts] = n
	all := make([]uint64, n)
	_ = inParallel(workers, func(w int) error {
		o := off[w]
		for c := w; c < len(chunks); c += workers {
			for _, v := range chunks[c] {
				p := v >> shift
				all[o[p]] = v
				o[p]++
			}
		}
		return nil
	})
	return all, bound
}

// radixSort sorts s with a least-significant-digit radix sort through
// scratch (as long as s), over only the bits where its values differ (a
// partition's values share their top bits), in as few passes of digits
// up to 11 bits wide as cover them, each digit as narrow as that allows:
// a partition holds a few thousand values, so clearing and summing wide
// digit counters would cost as much as placing the values.
func radixSort(s, scratch []uint64) {
	if len(s) <= 32 {
		insertionSort(s)
		return
	}
	and, or := ^uint64(0), uint64(0)
	for _, v := range s {
		and, or = and&v, or|v
	}
	vary := and ^ or
	if vary == 0 {
		return
	}
	const maxDigit = 11
	lo, hi := uint(bits.TrailingZeros64(vary)), uint(bits.Len64(vary))
	passes := (hi - lo + maxDigit - 1) / maxDigit
	digit := (hi - lo + passes - 1) / passes
	var counts [1 << maxDigit]int32
	src, dst := s, scratch
	for d := lo; d < hi; d += digit {
		mask := uint64(1)<<min(digit, hi-d) - 1
		count := counts[:mask+1]
		clear(count)
		for _, v := range src {
			count[v>>d&mask]++
		}
		var pos int32
		for i, c := range count {
			pos, count[i] = pos+c, pos
		}
		for _, v := range src {
			b := v >> d & mask
			dst[count[b]] = v
			count[b]++
		}
		src, dst = dst, src
	}
	if &src[0] != &s[0] {
		copy(s, src)
	}
}

func insertionSort(s []uint64) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}

// countRuns compacts sorted s to its distinct values, writing each one's
// number of occurrences to counts at the same index, and returns how
// many there are.
func countRuns(s []uint64, counts []int32) int {
	u := 0
	for i := 0; i < len(s); {
		j := i + 1
		for j < len(s) && s[j] == s[i] {
			j++
		}
		s[u], counts[u] = s[i], int32(j-i)
		u++
		i = j
	}
	return u
}
