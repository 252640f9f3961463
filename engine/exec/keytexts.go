package exec

// textKeys interns one string key column of a group table: one copy of
// each text, and a number per text that each group keeps. A batch whose
// column is dictionary-coded looks each dictionary entry's number up
// once; its rows then compare 4-byte numbers with their groups', which
// stay in the caches, where the groups' texts (a 16-byte header each,
// then the bytes) missed them (B91: 300k groups of a country and a
// product).
type textKeys struct {
	ids  map[string]int32
	list []string // the texts by number
	// groups holds each group's text number (-1: NULL, or added once
	// off).
	groups []int32
	// codes, while a coded batch is looked up, holds each dictionary
	// entry's number (-1: no group has that text yet); nil otherwise.
	codes []int32
	buf   []int32 // codes' storage, kept from batch to batch
	// off: past internMax distinct texts, each group keeps a copy of its
	// own and rows compare texts (a column of mostly distinct texts, an
	// email, would gain nothing from the map but its cost).
	off bool
	// arena holds the copies: a group table of a million e-mail
	// addresses makes a few hundred allocations, not a million, and the
	// collector traces chunks, not strings.
	arena strArena
}

// internMax is the distinct texts from which a column's texts are no
// longer interned.
const internMax = 1 << 16

func newTextKeys() *textKeys { return &textKeys{ids: map[string]int32{}} }

// intern returns the column's copy of s and its number (-1 once off).
func (x *textKeys) intern(s string) (string, int32) {
	if x.off {
		return x.arena.clone(s), -1
	}
	if id, ok := x.ids[s]; ok {
		return x.list[id], id
	}
	if len(x.list) >= internMax {
		x.off, x.codes, x.ids, x.list = true, nil, nil, nil
		return x.arena.clone(s), -1
	}
	c, id := x.arena.clone(s), int32(len(x.list))
	x.ids[c] = id
	x.list = append(x.list, c)
	return c, id
}

// lookupCodes numbers v's dictionary entries for the rows of one batch,
// when it is coded and its dictionary no larger than the batch; the
// rows are then compared by number until done.
func (x *textKeys) lookupCodes(v *Vec, n int) {
	x.codes = nil
	if x.off || v.Codes == nil || len(v.Dict) > n {
		return
	}
	x.buf = x.buf[:0]
	for _, s := range v.Dict {
		id, ok := x.ids[s]
		if !ok {
			id = -1
		}
		x.buf = append(x.buf, id)
	}
	x.codes = x.buf
}

// keyOf returns the copy and number of row i of v for a new group,
// numbering its dictionary entry for the batch's next rows.
func (x *textKeys) keyOf(v *Vec, i int) (string, int32) {
	if x.codes == nil {
		return x.intern(v.Str(i))
	}
	code := v.Codes[i]
	if id := x.codes[code]; id >= 0 {
		return x.list[id], id
	}
	s, id := x.intern(v.Dict[code])
	if x.codes != nil {
		x.codes[code] = id
	}
	return s, id
}
