package leads

import "github.com/cohortdb/cohortdb/storage"

// maxDict bounds the dictionaries classified value by value; a chunk with
// more distinct values is classified row by row.
const maxDict = 256

// classes maps the values of one text vector of a batch to a uint64 class
// (a rule mask, a flag): per dictionary value when the vector is in
// dictionary form, else per row. It is reset per batch and allocates
// nothing.
type classes struct {
	table    [maxDict]uint64
	dict     bool
	classify func([]byte) uint64
}

// reset prepares the classes of v (nil: every row is class 0).
func (c *classes) reset(v *storage.Vector, classify func([]byte) uint64) {
	c.classify, c.dict = classify, false
	if v == nil || v.Codes == nil || v.DictLen() > maxDict {
		return
	}
	c.dict = true
	for j := range v.DictLen() {
		c.table[j] = classify(v.DictValue(j))
	}
}

// of is the class of row i of v, the vector reset was given; NULL is
// class 0.
func (c *classes) of(v *storage.Vector, i int) uint64 {
	if v.IsNull(i) {
		return 0
	}
	if c.dict {
		return c.table[v.Codes[i]]
	}
	return c.classify(v.Bytes(i))
}
