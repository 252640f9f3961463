package sqlfn

import "github.com/cohortdb/cohortdb/contract/read"

// maxDictClasses bounds the dictionaries classified value by value; a
// chunk with more distinct values is classified row by row.
const maxDictClasses = 256

// Classes maps the values of one text vector of a scan batch to a class
// (a flag, a label, a bit mask): once per dictionary value when the
// vector is in dictionary form, else per row. Reset it for every batch; it
// allocates nothing itself, so a per-row test costs one lookup.
type Classes[T any] struct {
	table    [maxDictClasses]T
	dict     bool
	null     T
	classify func([]byte) T
}

// Reset prepares the classes of v: classify gives a value's class, null is
// the class of NULL.
func (c *Classes[T]) Reset(v *read.Vector, classify func([]byte) T, null T) {
	c.classify, c.null, c.dict = classify, null, false
	if v.Codes == nil || v.DictLen() > maxDictClasses {
		return
	}
	c.dict = true
	for j := range v.DictLen() {
		c.table[j] = classify(v.DictValue(j))
	}
}

// Of is the class of row i of v, the vector Reset was given.
func (c *Classes[T]) Of(v *read.Vector, i int) T {
	if v.IsNull(i) {
		return c.null
	}
	if c.dict {
		return c.table[v.Codes[i]]
	}
	return c.classify(v.Bytes(i))
}

// EqualFold reports whether b equals a lower-case ASCII word, folding
// ASCII letters only (event types, statuses): most values differ in
// length and fail at once.
func EqualFold(b, lowerWord []byte) bool {
	if len(b) != len(lowerWord) {
		return false
	}
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != lowerWord[i] {
			return false
		}
	}
	return true
}
