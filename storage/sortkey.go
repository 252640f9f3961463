package storage

import (
	"bytes"
	"slices"
)

// sortBounds records that a segment's rows are in sort-key order: Cols are
// the column ids of the sort key it was written with (a segment sorted by
// another key is not sorted by this one), First and Last the sort keys of
// its first and last row.
type sortBounds struct {
	Cols  []uint32 `json:"cols"`
	First []byte   `json:"first"`
	Last  []byte   `json:"last"`
}

// sortColIDs returns the column ids of the table's sort key (nil: none).
func sortColIDs(def *TableDef) []uint32 {
	if len(def.SortKey) == 0 {
		return nil
	}
	ids := make([]uint32, len(def.SortKey))
	for i, o := range def.SortKey {
		ids[i] = def.Columns[o].ID
	}
	return ids
}

// sortedBy reports whether sg's rows are known to be in the order of the
// sort key with column ids ids.
func (sg *segment) sortedBy(ids []uint32) bool {
	return sg.Sort != nil && len(ids) > 0 && slices.Equal(sg.Sort.Cols, ids)
}

// appendSortKey appends the sort key of position i of the given columns:
// each value in the order-preserving key encoding of appendKey, a NULL as
// the single byte 0 (before every value). Keys compare with bytes.Compare
// in the key's order: integers and floats numerically, unsigned integers
// unsigned, strings by bytes.
func appendSortKey(dst []byte, cols []*Vector, i int) []byte {
	for _, v := range cols {
		dst = vectorKey(dst, v, i)
	}
	return dst
}

// chained reports whether segments a then b form one sorted run: both
// sorted by ids and a's last key not after b's first.
func chained(a, b *segment, ids []uint32) bool {
	return a.sortedBy(ids) && b.sortedBy(ids) && bytes.Compare(a.Sort.Last, b.Sort.First) <= 0
}

// boundsIfSorted returns the sort bounds of a segment's columns when its
// rows happen to be in sort-key order (a file exported in that order), so
// that a pre-sorted load needs no compaction; nil otherwise.
func boundsIfSorted(def *TableDef, cols []Vector) *sortBounds {
	if len(def.SortKey) == 0 || len(cols) == 0 || cols[def.SortKey[0]].N == 0 {
		return nil
	}
	key := make([]*Vector, len(def.SortKey))
	for i, o := range def.SortKey {
		key[i] = &cols[o]
	}
	n := key[0].N
	first := appendSortKey(nil, key, 0)
	prev, cur := append([]byte(nil), first...), []byte(nil)
	for i := 1; i < n; i++ {
		cur = appendSortKey(cur[:0], key, i)
		if bytes.Compare(prev, cur) > 0 {
			return nil
		}
		prev, cur = cur, prev
	}
	return &sortBounds{Cols: sortColIDs(def), First: first, Last: prev}
}
