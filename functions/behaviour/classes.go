package behaviour

import (
	"slices"
	"strings"

	"github.com/cohortdb/cohortdb/storage"
)

// maxDict bounds the dictionaries classified value by value; a chunk with
// more distinct values is classified row by row.
const maxDict = 256

// classes maps the values of one text vector of a batch to an int32 class
// (a flag, a label): per dictionary value when the vector is in dictionary
// form, else per row. It is reset per batch and allocates nothing itself.
type classes struct {
	table    [maxDict]int32
	dict     bool
	classify func([]byte) int32
}

// reset prepares the classes of v.
func (c *classes) reset(v *storage.Vector, classify func([]byte) int32) {
	c.classify, c.dict = classify, false
	if v.Codes == nil || v.DictLen() > maxDict {
		return
	}
	c.dict = true
	for j := range v.DictLen() {
		c.table[j] = classify(v.DictValue(j))
	}
}

// of is the class of row i of v, the vector reset was given; NULL is
// class -1.
func (c *classes) of(v *storage.Vector, i int) int32 {
	if v.IsNull(i) {
		return -1
	}
	if c.dict {
		return c.table[v.Codes[i]]
	}
	return c.classify(v.Bytes(i))
}

// sortByName sorts indexes into names by name.
func sortByName(idx []int, names []string) {
	slices.SortFunc(idx, func(a, b int) int { return strings.Compare(names[a], names[b]) })
}
