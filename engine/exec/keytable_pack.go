package exec

import "math/bits"

// Packed group keys. A group table over several small keys (a country and
// a product id; a year, a month and a channel) packs each row's compared
// keys into one 32-bit word: an integer key as its offset from its least
// value, a string key as its text's number (keytexts.go), each in a field
// of fixed width, 0 standing for NULL. The word's bijective scramble is
// the slot's tag, so a tag equal to the row's means the same key: a probe
// reads the slot alone, never the group's key columns (two more cache
// misses per row in a table larger than the caches), and no row is
// hashed column by column. DuckDB's aggregate packs its keys likewise.
// Keys wider together than 32 bits (a customer and a product; a
// DATETIME) pack into a word of up to 63 bits that each group keeps: its
// hash is the tag, and a probe compares the one word.
//
// The widths are a physical choice from statistics: an integer key's
// field spans its source's range, string keys share the bits left. They
// are hints: a value outside its field (a range grown since, more texts
// than the field numbers) unpacks the table — its groups are hashed and
// compared column by column from then on (keyTable.unpack).

// groupPack is a group table's packing of its compared keys.
type groupPack struct {
	fields []groupField // one per compared key column
	words  []uint64     // scratch: a batch's words
	tags   []uint64     // scratch: their tags
	// wide: the word is wider than the tag (up to wideBits); each
	// group's word is kept in keys and compared when the tags match.
	wide bool
	keys []uint64
	ids  []int32 // scratch: a coded column's entries' numbers
	// direct holds group+1 by word for words below directWords (0: not
	// seen yet) when the word is the tag: a row of a few keys (channel,
	// year, quarter) takes its group in one load, without a probe.
	direct []int32
}

// directWords is the words groupPack.direct indexes: 16 KiB a table.
const directWords = 1 << 12

// directTag marks a row groupPack.direct placed; no key's tag is it.
const directTag = 2

// groupField places one key column in the word.
type groupField struct {
	lo    int64  // an integer key's least value (field value 1)
	max   uint64 // the largest field value
	shift uint
	text  bool // a string key: its text's number + 1
}

// packBits is the word's width when the tag is the word: the tag's 32
// bits. Keys wider together, up to wideBits (bit 63 marks absentWord),
// pack into a wide word the table keeps per group: a probe then reads
// the slot and that word, still one load per key, not one per column.
const (
	packBits = 32
	wideBits = 63
)

// packTextMax is the most bits a string key's field needs: internMax
// texts and NULL.
const packTextMax = 17

// packTextMin is the fewest bits a string key's field gets (15 texts).
const packTextMin = 4

// absentWord marks a row whose text no group has (a lookup); absentTag
// is its tag, which no key's tag is (their low 32 bits are 0).
const (
	absentWord = 1 << 63
	absentTag  = 1
)

// planKeyPack decides whether s's group tables pack their compared keys:
// each an integer key of known range or a string key (numbered), at
// least two of them, fitting packBits (or wideBits) together, and no
// grid laying them out (a direct array is better still). nil: hashed.
func (s *AggSpec) planKeyPack() *packLayout {
	cmp := len(s.keys) - s.carried
	if cmp < 2 || s.keyRanges != nil && planGrid(s.keyTypes()[:cmp], s.keyRanges[:cmp]) != nil {
		return nil
	}
	fields := make([]groupField, cmp)
	used, texts := uint(0), 0
	for c, k := range s.keys[:cmp] {
		r, phys := s.keyBounds[c], k.Type().Phys
		switch {
		case phys == PStr:
			fields[c].text = true
			texts++
		case r.known && intLike(phys) && r.hi >= r.lo && r.hi-r.lo >= 0 && bits.Len64(uint64(r.hi-r.lo)+1) <= wideBits:
			span := uint64(r.hi-r.lo) + 1
			fields[c].lo, fields[c].max = r.lo, span
			used += uint(bits.Len64(span))
		default:
			return nil
		}
	}
	width := uint(packBits)
	if used > packBits || texts > 0 && (packBits-used)/uint(texts) < packTextMin {
		width = wideBits
	}
	if used > width || texts > 0 && (width-used)/uint(texts) < packTextMin {
		return nil
	}
	// Integer fields take the low bits, string fields (numbered from 0
	// as their texts arrive) the high ones: a few keys' words stay small
	// numbers, which groupPack.direct indexes.
	shift := uint(0)
	for _, text := range []bool{false, true} {
		for c := range fields {
			f := &fields[c]
			if f.text != text {
				continue
			}
			w := uint(bits.Len64(f.max))
			if f.text {
				w = min((width-used)/uint(texts), packTextMax)
				f.max = 1<<w - 1
			}
			f.shift = shift
			shift += w
		}
	}
	return &packLayout{fields: fields, wide: width > packBits}
}

// packLayout is how planKeyPack packs a GROUP BY's compared keys.
type packLayout struct {
	fields []groupField // one per compared key
	wide   bool         // wider than the tag
}

// keyTypes is the layout of s's keys.
func (s *AggSpec) keyTypes() []ColType {
	kt := make([]ColType, len(s.keys))
	for i, k := range s.keys {
		kt[i] = k.Type()
	}
	return kt
}

// usePack makes t pack its compared keys as l places them; before any
// group is added.
func (t *keyTable) usePack(l *packLayout) {
	if l == nil || t.n > 0 || len(l.fields) != t.cmp || t.dense.on || t.grid != nil {
		return
	}
	for c, f := range l.fields {
		if f.text != (t.textsOf(c) != nil) || !f.text && !intLike(t.keys[c].T.Phys) {
			return
		}
	}
	t.pack = &groupPack{fields: l.fields, wide: l.wide}
}

// findPacked is findAll for a packed table (h unused). A value outside
// its field unpacks the table, which then finds the batch's rows by hash.
func (t *keyTable) findPacked(cols []*Vec, n int, insert bool, out []int32) {
	p := t.pack
	if !p.packRows(t, cols, n, insert) {
		t.unpack()
		t.findAll(cols, n, nil, insert, out)
		return
	}
	words := p.words[:n]
	p.tags = grow(p.tags, n)
	tags := p.tags[:n]
	if !p.wide && p.direct == nil {
		p.direct = make([]int32, directWords)
	}
	for i, w := range words {
		switch {
		case w < directWords && !p.wide && p.direct[w] > 0:
			tags[i], out[i] = directTag, p.direct[w]-1
		case w&absentWord != 0:
			tags[i] = absentTag
		case p.wide:
			tags[i] = mix(w) &^ 0xffffffff
		default:
			tags[i] = uint64(scramble32(uint32(w))) << 32
		}
	}
	for lo := 0; lo < n; lo += touchRows {
		hi := min(n, lo+touchRows)
		t.touch(tags[lo:hi])
		for i := lo; i < hi; i++ {
			switch {
			case tags[i] == directTag:
			case tags[i] == absentTag:
				out[i] = -1
			case i > 0 && words[i] == words[i-1] && out[i-1] >= 0:
				out[i] = out[i-1] // the word is the key
			default:
				out[i] = t.findTag(cols, i, words[i], tags[i], insert)
				if words[i] < directWords && !p.wide && out[i] >= 0 {
					p.direct[words[i]] = out[i] + 1
				}
			}
		}
	}
}

// findTag is find for a packed table: a slot of the row's tag is its
// group, once the group's word is the row's too when wide.
func (t *keyTable) findTag(cols []*Vec, i int, word, tag uint64, insert bool) int32 {
	mask := uint64(len(t.slots) - 1)
	for s := tag >> t.shift; ; s = (s + 1) & mask {
		e := t.slots[s]
		if e == 0 {
			if !insert {
				return -1
			}
			g := t.add(cols, i, tag)
			if p := t.pack; p.wide {
				p.keys = appendDoubling(p.keys, word)
			}
			t.slots[s] = tag | uint64(g+1)
			if t.n*2 > len(t.slots) {
				t.rehash()
			}
			return g
		}
		if e&^0xffffffff != tag {
			continue
		}
		if g := int32(e&0xffffffff) - 1; !t.pack.wide || t.pack.keys[g] == word {
			return g
		}
	}
}

// packRows fills p.words with the first n rows' words; false when a value
// does not fit its field.
func (p *groupPack) packRows(t *keyTable, cols []*Vec, n int, insert bool) bool {
	p.words = grow(p.words, n)
	w := p.words[:n]
	clear(w)
	for c, f := range p.fields {
		var ok bool
		if f.text {
			ok = p.packText(t.texts[c], cols[c], f, w, insert)
		} else {
			ok = packInts(cols[c], f, w)
		}
		if !ok {
			return false
		}
	}
	return true
}

// packInts ors an integer column's fields into w.
func packInts(v *Vec, f groupField, w []uint64) bool {
	span := f.max
	for i, x := range v.I[:len(w)] {
		o := uint64(x-f.lo) + 1
		if v.Nulls != nil && v.Nulls[i] {
			o = 0
		} else if o-1 >= span {
			return false
		}
		w[i] |= o << f.shift
	}
	return true
}

// packText ors a string column's text numbers + 1 into w: a coded
// column's entries are numbered once each, another's rows one by one
// (a run of one text once).
func (p *groupPack) packText(x *textKeys, v *Vec, f groupField, w []uint64, insert bool) bool {
	if x.off {
		return false
	}
	coded := v.Codes != nil && len(v.Dict) <= len(w)
	if coded {
		p.ids = grow(p.ids, len(v.Dict))
		for i := range p.ids[:len(v.Dict)] {
			p.ids[i] = -2 // not numbered yet
		}
	}
	last, lastID := "", int32(-2)
	for i := range w {
		if v.Nulls != nil && v.Nulls[i] {
			continue
		}
		var id int32
		switch {
		case coded:
			id = p.ids[v.Codes[i]]
			if id == -2 {
				id = x.number(v.Dict[v.Codes[i]], insert)
				p.ids[v.Codes[i]] = id
			}
		default:
			s := v.Str(i)
			if lastID == -2 || s != last {
				last, lastID = s, x.number(s, insert)
			}
			id = lastID
		}
		switch {
		case id >= 0 && uint64(id)+1 <= f.max:
			w[i] |= (uint64(id) + 1) << f.shift
		case id == -1 && !insert && !x.off:
			w[i] = absentWord
		default:
			return false
		}
	}
	return true
}

// number is s's number, numbered anew when insert is set; -1 when absent
// (or once off).
func (x *textKeys) number(s string, insert bool) int32 {
	if insert {
		_, id := x.intern(s)
		return id
	}
	if id, ok := x.ids[s]; ok {
		return id
	}
	return -1
}

// scramble32 is a bijection of 32-bit words that spreads them (Wellons'
// lowbias32): each step is invertible, so equal scrambles mean equal
// words.
func scramble32(x uint32) uint32 {
	x ^= x >> 16
	x *= 0x7feb352d
	x ^= x >> 15
	x *= 0x846ca68b
	x ^= x >> 16
	return x
}

// unpack gives the packing up: the groups' hashes are computed from
// their keys and the slots refilled from them, so that rows are found by
// hash and compared column by column from now on.
func (t *keyTable) unpack() {
	t.pack = nil
	t.hashes = hashRows(t.keys[:t.cmp], t.n, t.hashes)
	clear(t.slots)
	t.fillSlots()
}

// keyHashes is the hashes of t's groups' compared keys (a merge's input):
// a packed table keeps none and computes them.
func (t *keyTable) keyHashes() []uint64 {
	if t.pack != nil {
		return hashRows(t.keys[:t.cmp], t.n, nil)
	}
	return t.hashes
}
