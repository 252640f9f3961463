package engine

import (
	"encoding/binary"
	"sync/atomic"

	"github.com/cohortdb/cohortdb/storage"
)

// groupTable numbers the distinct GROUP BY keys 0, 1, 2, … in order of
// first appearance. One integer key (the common per-customer case) is
// looked up in an array when its range is known and small, else hashed as
// an int64; anything else is hashed as an encoded byte string.
type groupTable struct {
	mode groupMode
	ints map[int64]int32
	// dense numbers one-integer keys inside a known value range without
	// hashing: dense[k-denseLo] is the group + 1, or 0.
	dense   []int32
	denseLo int64
	intKeys []int64
	null    int32 // group of the NULL key (modeInt), -1 while unseen
	pairs   map[intPair]int32
	packed  map[uint64]int32 // pairs of non-NULL 32-bit values: a faster hash
	// grid numbers pairs inside known value ranges without hashing:
	// grid[(a-gridA)*spanB + (b-gridB)] is the group + 1, or 0.
	grid         []int32
	gridA, gridB int64
	spanA, spanB uint64
	pairKeys     []intPair
	strs         map[string]int32
	strKeys      []string
	n            int32
}

// intPair is a key of two integers (a product pair, say), NULLs marked.
type intPair struct {
	a, b   int64
	na, nb bool
}

type groupMode uint8

const (
	modeNone groupMode = iota // no GROUP BY: one group, even for no rows
	modeInt
	modePair // two integer keys
	modeEncoded
)

func newGroupTable(keys []groupKey) *groupTable {
	g := &groupTable{null: -1}
	switch {
	case len(keys) == 0:
		g.n = 1
	case len(keys) == 1 && !keys[0].isBytes:
		g.mode, g.ints = modeInt, make(map[int64]int32)
	case len(keys) == 2 && !keys[0].isBytes && !keys[1].isBytes:
		g.mode, g.pairs, g.packed = modePair, make(map[intPair]int32), make(map[uint64]int32)
	default:
		g.mode, g.strs = modeEncoded, make(map[string]int32)
	}
	return g
}

// intGroup returns the group of one integer key, adding it when new.
func (g *groupTable) intGroup(k int64, null bool) int32 {
	if null {
		if g.null < 0 {
			g.null = g.n
			g.intKeys = append(g.intKeys, 0)
			g.n++
		}
		return g.null
	}
	if d := uint64(k - g.denseLo); d < uint64(len(g.dense)) {
		cell := &g.dense[d]
		if *cell == 0 {
			*cell = g.n + 1
			g.intKeys = append(g.intKeys, k)
			g.n++
		}
		return *cell - 1
	}
	if id, ok := g.ints[k]; ok {
		return id
	}
	id := g.n
	g.ints[k] = id
	g.intKeys = append(g.intKeys, k)
	g.n++
	return id
}

// maxDenseGroups bounds a one-integer-key table's array (16 MiB per
// worker).
const maxDenseGroups = 1 << 22

// useDense gives a one-integer-key table an array for keys within
// [lo, hi] when the range is small enough. Keys outside it still hash; a
// key always lands in the same place, so groups are never split.
func (g *groupTable) useDense(lo, hi int64) {
	if g.mode != modeInt || hi < lo || uint64(hi-lo) >= maxDenseGroups {
		return
	}
	g.dense, g.denseLo = make([]int32, uint64(hi-lo)+1), lo
	denseTables.Add(1)
}

// denseTables counts arrays handed out (for tests).
var denseTables atomic.Int64

// pairGroup returns the group of a two-integer key, adding it when new.
func (g *groupTable) pairGroup(k intPair) int32 {
	if g.grid != nil && !k.na && !k.nb {
		da, db := uint64(k.a-g.gridA), uint64(k.b-g.gridB)
		if da < g.spanA && db < g.spanB {
			cell := &g.grid[da*g.spanB+db]
			if *cell == 0 {
				*cell = g.n + 1
				g.pairKeys = append(g.pairKeys, k)
				g.n++
			}
			return *cell - 1
		}
	}
	small := !k.na && !k.nb && k.a == int64(int32(k.a)) && k.b == int64(int32(k.b))
	pk := uint64(uint32(k.a))<<32 | uint64(uint32(k.b))
	if small {
		if id, ok := g.packed[pk]; ok {
			return id
		}
	} else if id, ok := g.pairs[k]; ok {
		return id
	}
	id := g.n
	if small {
		g.packed[pk] = id
	} else {
		g.pairs[k] = id
	}
	g.pairKeys = append(g.pairKeys, k)
	g.n++
	return id
}

// maxGridCells bounds a pair grid (16 MiB per worker).
const maxGridCells = 1 << 22

// useGrid gives a two-integer-key table a grid for keys within the given
// (inclusive) ranges, when the grid is small enough. Keys outside it, or
// NULL, still hash; a key always lands in the same place, so groups are
// never split.
func (g *groupTable) useGrid(minA, maxA, minB, maxB int64) {
	if g.mode != modePair || maxA < minA || maxB < minB {
		return
	}
	sa, sb := uint64(maxA-minA)+1, uint64(maxB-minB)+1
	if sa == 0 || sb == 0 || sa > maxGridCells || sb > maxGridCells || sa*sb > maxGridCells {
		return
	}
	g.grid, g.gridA, g.gridB, g.spanA, g.spanB = make([]int32, sa*sb), minA, minB, sa, sb
	pairGrids.Add(1)
}

// pairGrids counts grids handed out (for tests).
var pairGrids atomic.Int64

// strGroup returns the group of one encoded key, adding it when new.
func (g *groupTable) strGroup(k []byte) int32 {
	if id, ok := g.strs[string(k)]; ok {
		return id
	}
	id := g.n
	s := string(k)
	g.strs[s] = id
	g.strKeys = append(g.strKeys, s)
	g.n++
	return id
}

// keyOf returns group id's key for merging into another table.
func (g *groupTable) keyOf(id int32) (ik int64, null bool, pk intPair, sk string) {
	switch g.mode {
	case modeInt:
		return g.intKeys[id], id == g.null, pk, ""
	case modePair:
		return 0, false, g.pairKeys[id], ""
	case modeEncoded:
		return 0, false, pk, g.strKeys[id]
	}
	return 0, false, pk, ""
}

// assigner computes the group of every selected row of a batch.
type assigner struct {
	keys  []groupKey
	vals  [][]int64
	nulls [][]bool
	buf   []byte
	prev  []byte
}

func (a *assigner) assign(g *groupTable, b *storage.Batch, sel []uint32, gids []int32) []int32 {
	gids = gids[:0]
	switch g.mode {
	case modeNone:
		for range sel {
			gids = append(gids, 0)
		}
		return gids
	case modeInt:
		a.evalInts(b, sel)
		vals, nulls := a.vals[0], a.nulls[0]
		last, lastG := int64(0), int32(-1)
		for _, i := range sel {
			k, null := vals[i], nulls[i]
			if lastG >= 0 && !null && k == last {
				gids = append(gids, lastG)
				continue
			}
			id := g.intGroup(k, null)
			if !null {
				last, lastG = k, id
			}
			gids = append(gids, id)
		}
		return gids
	case modePair:
		a.evalInts(b, sel)
		last, lastG := intPair{}, int32(-1)
		for _, i := range sel {
			k := intPair{a.vals[0][i], a.vals[1][i], a.nulls[0][i], a.nulls[1][i]}
			if lastG < 0 || k != last {
				last, lastG = k, g.pairGroup(k)
			}
			gids = append(gids, lastG)
		}
		return gids
	}
	a.evalInts(b, sel)
	lastG := int32(-1)
	for _, i := range sel {
		a.encode(b, int(i))
		if lastG >= 0 && string(a.buf) == string(a.prev) {
			gids = append(gids, lastG)
			continue
		}
		lastG = g.strGroup(a.buf)
		a.prev = append(a.prev[:0], a.buf...)
		gids = append(gids, lastG)
	}
	return gids
}

// evalInts evaluates the integer keys into per-position buffers.
func (a *assigner) evalInts(b *storage.Batch, sel []uint32) {
	if len(a.vals) != len(a.keys) {
		a.vals, a.nulls = make([][]int64, len(a.keys)), make([][]bool, len(a.keys))
	}
	for k, key := range a.keys {
		if key.isBytes {
			continue
		}
		if cap(a.vals[k]) < b.N {
			a.vals[k], a.nulls[k] = make([]int64, b.N), make([]bool, b.N)
		}
		key.ints.eval(b, sel, a.vals[k][:b.N], a.nulls[k][:b.N])
	}
}

// encode writes row i's key: per key a NULL marker, then 8 bytes or a
// length-prefixed string, so distinct keys never encode alike.
func (a *assigner) encode(b *storage.Batch, i int) {
	a.buf = a.buf[:0]
	for k, key := range a.keys {
		if key.isBytes {
			v := b.Cols[key.bytesPos]
			if v.Nulls != nil && v.IsNull(i) {
				a.buf = append(a.buf, 0)
				continue
			}
			s := v.Bytes(i)
			a.buf = append(a.buf, 1)
			a.buf = binary.AppendUvarint(a.buf, uint64(len(s)))
			a.buf = append(a.buf, s...)
			continue
		}
		if a.nulls[k][i] {
			a.buf = append(a.buf, 0)
			continue
		}
		a.buf = append(a.buf, 1)
		a.buf = binary.BigEndian.AppendUint64(a.buf, uint64(a.vals[k][i]))
	}
}
