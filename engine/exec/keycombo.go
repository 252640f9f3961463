package exec

// Key combinations. When every compared key column of a batch is
// dictionary-coded and their dictionaries are small together (GROUP BY
// country, type; a join on status), a row's key is one of few
// combinations of codes: each combination is looked up once, by its first
// row, and its rows take that row's group. A row then costs an add and a
// load per column, never a hash, a text's number or a probe. The choice
// is made per batch from the dictionaries it carries, for any table
// (hashed, packed or not).

// comboMax is the most combinations a batch is looked up by: the arrays
// that number them live on the stack.
const comboMax = 1024

// comboRows is the rows whose combinations are computed at a time.
const comboRows = 1024

// comboSpace is the number of combinations of cols' codes (a NULL is one
// more code), or 0 when a column is not coded or they are too many to pay
// off over n rows.
func comboSpace(cols []*Vec, n int) int {
	space := 1
	for _, v := range cols {
		if v.Codes == nil || v.T.Phys != PStr {
			return 0
		}
		d := len(v.Dict)
		if v.Nulls != nil {
			d++
		}
		space *= max(d, 1)
		if space > comboMax || space*2 > n {
			return 0
		}
	}
	return space
}

// findCombos is findAll over a batch whose compared keys comboSpace
// numbers in space combinations: the rows that bring a new combination
// are looked up together, the others take their group from it.
func (t *keyTable) findCombos(cols []*Vec, n int, space int, insert bool, out []int32) {
	var slot [comboMax]int32 // a combination's group; unseen: -2
	for c := range slot[:space] {
		slot[c] = -2
	}
	var combo [comboRows]uint16
	var reps [comboRows]int32
	for lo := 0; lo < n; lo += comboRows {
		hi := min(n, lo+comboRows)
		combos := combo[:hi-lo]
		comboCodes(cols[:t.cmp], lo, combos)
		fresh := reps[:0]
		for j, c := range combos {
			if slot[c] == -2 {
				slot[c] = -3 // being looked up
				fresh = append(fresh, int32(lo+j))
			}
		}
		if len(fresh) > 0 {
			found := t.findRows(cols, fresh, insert)
			for k, r := range fresh {
				slot[combos[int(r)-lo]] = found[k]
			}
		}
		for j, c := range combos {
			out[lo+j] = slot[c]
		}
	}
}

// comboCodes writes the combination of rows lo.. of cols into combos.
func comboCodes(cols []*Vec, lo int, combos []uint16) {
	clear(combos)
	stride := 1
	for _, v := range cols {
		codes := v.Codes[lo : lo+len(combos)]
		for j, c := range codes {
			combos[j] += uint16(int(c) * stride)
		}
		null := len(v.Dict)
		if v.Nulls != nil {
			for j, isNull := range v.Nulls[lo : lo+len(combos)] {
				if isNull { // its code is any entry's: replaced by the NULL code
					combos[j] += uint16((null - int(codes[j])) * stride)
				}
			}
			null++
		}
		stride *= max(null, 1)
	}
}

// findRows looks up rows sel of cols (every column: an inserted group
// keeps its carried keys too) and returns their groups.
func (t *keyTable) findRows(cols []*Vec, sel []int32, insert bool) []int32 {
	picked := make([]*Vec, len(cols))
	for c, v := range cols {
		picked[c] = &Vec{}
		gather(picked[c], v, sel)
	}
	found := make([]int32, len(sel))
	// Hashed here, not in the table's scratch: lookups run on several
	// workers at once.
	var h []uint64
	if t.pack == nil {
		h = hashRows(picked[:t.cmp], len(sel), nil)
	}
	t.findEach(picked, len(sel), h, insert, found)
	return found
}
