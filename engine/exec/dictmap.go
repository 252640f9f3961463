package exec

// dictMapper computes a one-string-argument kernel once per entry of a
// dictionary-coded input (a low-cardinality column: a channel, a
// status) instead of once per row: the mapped dictionary is kept in a
// frame slot while batches of the same dictionary arrive, and the
// output is coded into it, so kernels and hash tables downstream read
// codes as well.
type dictMapper struct {
	slot int // the frame slot holding the mapped dictionary: texts in S, NULLs in Nulls, the source in Dict
}

func (c *exprCompiler) dictMapper() dictMapper { return dictMapper{slot: c.slot()} }

// mapCoded sets out to fn of each of a's n values when a is coded and its
// dictionary no larger than the batch; ok is false otherwise (the caller
// computes row by row). fn's null result is SQL NULL.
func (d dictMapper) mapCoded(f *Frame, a *Vec, n int, out *Vec, t ColType, fn func(s string) (string, bool)) bool {
	if a.Codes == nil || len(a.Dict) == 0 || len(a.Dict) > n {
		return false
	}
	m := &f.tmp[d.slot]
	if len(m.Dict) != len(a.Dict) || &m.Dict[0] != &a.Dict[0] {
		// fresh slices: a vector handed out earlier still reads the old ones
		m.S, m.Nulls = make([]string, len(a.Dict)), make([]bool, len(a.Dict))
		for k, s := range a.Dict {
			v, ok := fn(s)
			m.S[k], m.Nulls[k] = v, !ok
		}
		m.Dict = a.Dict
	}
	if out.Absent {
		*out = Vec{}
	}
	out.T, out.S, out.Dict, out.Nulls = t, out.S[:0], m.S, nil
	out.Codes = grow(out.Codes, n)
	copy(out.Codes, a.Codes[:n])
	for i, code := range out.Codes {
		if a.IsNull(i) || m.Nulls[code] {
			out.setNull(i, n)
		}
	}
	return true
}

// comboMemo is a kernel's texts by combination of its arguments'
// dictionary codes (CONCAT_WS('-', channel, status): a dozen texts for
// millions of rows), built on first use. Its slices are replaced, never
// overwritten, when a dictionary changes: vectors handed out keep
// reading the old ones.
type comboMemo struct {
	dicts [][]string
	texts []string
	state []uint8 // by combination: 0 not built, 1 built, 2 NULL
	vals  *Vec    // values of other types, when a user keeps them here
	keys  []int64 // the integers whose values vals holds (rowExpr.intRows)
}

// maxCombos bounds a comboMemo's combinations.
const maxCombos = 1 << 12

// comboKeys sets out.Codes to each row's combination of vs's codes (a
// NULL is a code of its own) and returns the frame's memo, reset when a
// dictionary changed; ok is false when an argument is not coded or the
// combinations outnumber the batch (or maxCombos).
func comboKeys(f *Frame, slot int, vs []*Vec, n int, out *Vec) (*comboMemo, bool) {
	total := 1
	for _, v := range vs {
		if v.Codes == nil {
			return nil, false
		}
		total *= len(v.Dict) + 1
		if total > max(n, 64) || total > maxCombos {
			return nil, false
		}
	}
	m := f.combo(slot, vs, total)
	out.Codes = grow(out.Codes, n)
	clear(out.Codes)
	stride := uint32(1)
	for _, v := range vs {
		for i := range n {
			c := uint32(0)
			if !v.IsNull(i) {
				c = v.Codes[i] + 1
			}
			out.Codes[i] += c * stride
		}
		stride *= uint32(len(v.Dict) + 1)
	}
	return m, true
}

// combo is the frame's memo at slot for vs's dictionaries, a fresh one
// of total combinations when they changed.
func (f *Frame) combo(slot int, vs []*Vec, total int) *comboMemo {
	if f.combos == nil {
		f.combos = map[int]*comboMemo{}
	}
	m := f.combos[slot]
	if m == nil || !sameDicts(m.dicts, vs) {
		m = &comboMemo{texts: make([]string, total), state: make([]uint8, total)}
		for _, v := range vs {
			m.dicts = append(m.dicts, v.Dict)
		}
		f.combos[slot] = m
	}
	return m
}

func sameDicts(ds [][]string, vs []*Vec) bool {
	for k, v := range vs {
		d := ds[k]
		if len(d) != len(v.Dict) || (len(d) > 0 && &d[0] != &v.Dict[0]) {
			return false
		}
	}
	return true
}
