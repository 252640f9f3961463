package exec

import (
	"hash/maphash"
	"math"
	"math/bits"
	"strings"
	"sync/atomic"
	"unsafe"
)

// keyTable numbers distinct key tuples: an open-addressing table of group
// ids over the tuples' hashes, the tuples themselves kept column by
// column. It is the one hash table of HashAggregate and HashJoin.
type keyTable struct {
	keys   []*Vec   // one growing vector per key column
	hashes []uint64 // per group
	// slots hold the group id + 1 in the low 32 bits (0 is empty) and
	// the hash's high 32 bits above, so a probe past another key rarely
	// reads that key's hash or values.
	slots []uint64
	// shift makes a hash's top bits its home slot (h >> shift): growing
	// the table then keeps the slots' order, so a rehash reads the old
	// slots and writes the new ones front to back, not at random.
	shift uint
	n     int
	// strBytes sums the lengths of the string keys held (footprint).
	strBytes int64
	dense    denseIndex
	// grid, for several integer key columns of known small ranges, lays
	// their combinations out as the dense index's keys (presizeGrid).
	grid *keyGrid
	// touched sums the slots touch read (read by nothing).
	touched uint64
	// members, in a join table of one integer key, tells lookups which
	// values have no group (members.go).
	members *memberSet
	// viaDense: every group is in the dense index, which answers alone;
	// the slots are left empty until the index is given up or a key is
	// looked up by hash (a NULL, a merge), and are then built from hashes.
	viaDense bool
	// texts interns each compared string key column (keytexts.go; nil
	// for other columns).
	texts []*textKeys
	// cmp is how many leading key columns identify a group: those after
	// it are carried (functionally dependent, fdkeys.go), stored with
	// the group's first row and never hashed or compared.
	cmp int
	// pack, when set, packs the compared keys into the slots' tags
	// (keytable_pack.go): hashes then stays empty.
	pack *groupPack
	hbuf []uint64 // a batch's hashes when the caller left them to the table
	// arena is where copyText copies key texts to (its free end).
	arena []byte
}

var hashSeed = maphash.MakeSeed()

func newKeyTable(types []ColType) *keyTable {
	t := &keyTable{keys: make([]*Vec, len(types))}
	t.setSlots(make([]uint64, 1024))
	for i, ct := range types {
		t.keys[i] = &Vec{T: ct}
		if ct.Phys == PStr {
			if t.texts == nil {
				t.texts = make([]*textKeys, len(types))
			}
			t.texts[i] = newTextKeys()
		}
	}
	t.compareFirst(len(types))
	return t
}

// compareFirst makes the first n key columns a group's identity, the
// rest carried; before any group is added.
func (t *keyTable) compareFirst(n int) {
	t.cmp = n
	for c := n; c < len(t.texts); c++ {
		t.texts[c] = nil // carried texts are never compared: a copy each is cheaper than the lookup
	}
	t.dense.on = n == 1 && intLike(t.keys[0].T.Phys)
	t.viaDense = t.dense.on
}

// hashRows fills h with the hash of each row's key tuple. A column
// without NULLs is hashed in a loop of its own layout; a
// dictionary-coded string column of a small dictionary hashes each entry
// once, not each row.
func hashRows(cols []*Vec, n int, h []uint64) []uint64 {
	h = grow(h, n)
	for i := range h {
		h[i] = 0x9e3779b97f4a7c15
	}
	for _, v := range cols {
		switch {
		case v.T.Phys == PStr && v.Codes != nil && len(v.Dict) <= dictHashMax:
			// Each entry hashed once, NULLs as hashAny hashes them (a
			// build side's nullable column of a few values).
			var dh [dictHashMax]uint64
			for c, s := range v.Dict {
				dh[c] = maphash.String(hashSeed, s)
			}
			for i, c := range v.Codes[:n] {
				x := uint64(nullHash) // a NULL row's code may be anything
				if v.Nulls == nil || !v.Nulls[i] {
					x = dh[c]
				}
				h[i] = mix(h[i] ^ x)
			}
		case v.Nulls != nil:
			hashAny(v, n, h)
		case v.T.Phys == PStr:
			for i := 0; i < n; i++ {
				h[i] = mix(h[i] ^ maphash.String(hashSeed, v.Str(i)))
			}
		case v.T.Phys == PFloat:
			for i, f := range v.F[:n] {
				h[i] = mix(h[i] ^ floatHash(f))
			}
		default:
			for i, x := range v.I[:n] {
				h[i] = mix(h[i] ^ uint64(x))
			}
		}
	}
	return h
}

// hashAt is h[i], or when h is nil row i's hash as hashRows computes it.
func hashAt(h []uint64, cols []*Vec, i int) uint64 {
	if h != nil {
		return h[i]
	}
	x := uint64(0x9e3779b97f4a7c15)
	for _, v := range cols {
		switch {
		case v.IsNull(i): // its value slot may hold anything
			x = mix(x ^ nullHash)
		case v.T.Phys == PStr:
			x = mix(x ^ maphash.String(hashSeed, v.Str(i)))
		case v.T.Phys == PFloat:
			x = mix(x ^ floatHash(v.F[i]))
		default:
			x = mix(x ^ uint64(v.I[i]))
		}
	}
	return x
}

// dictHashMax is the largest dictionary hashRows hashes entry by entry
// (on the stack).
const dictHashMax = 256

// nullHash is a NULL key's value in a hash.
const nullHash = 0x5bd1e995

// hashAny mixes each row's value of v, NULLs included, into h.
func hashAny(v *Vec, n int, h []uint64) {
	for i := 0; i < n; i++ {
		var x uint64
		switch {
		case v.IsNull(i):
			x = nullHash
		case v.T.Phys == PFloat:
			x = floatHash(v.F[i])
		case v.T.Phys == PStr:
			x = maphash.String(hashSeed, v.Str(i))
		default:
			x = uint64(v.I[i])
		}
		h[i] = mix(h[i] ^ x)
	}
}

// floatHash hashes -0 as +0 (they are one key).
func floatHash(f float64) uint64 {
	if f == 0 {
		f = 0
	}
	return math.Float64bits(f)
}

// mix is a 64-bit finaliser (from splitmix64).
func mix(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	return x ^ x>>31
}

// find returns the group of row i of cols (hash h), inserting it when
// insert is set; -1 when absent and not inserted.
func (t *keyTable) find(cols []*Vec, i int, h uint64, insert bool) int32 {
	if t.viaDense {
		if !insert { // a lookup: may run on several workers, changes nothing
			return t.denseLookup(cols, i)
		}
		t.leaveDense()
	}
	mask := uint64(len(t.slots) - 1)
	tag := h &^ 0xffffffff
	for s := h >> t.shift; ; s = (s + 1) & mask {
		e := t.slots[s]
		if e == 0 {
			if !insert {
				return -1
			}
			g := t.add(cols, i, h)
			t.slots[s] = tag | uint64(g+1)
			if t.n*2 > len(t.slots) {
				t.rehash()
			}
			return g
		}
		if e&^0xffffffff != tag {
			continue
		}
		// The tag's 32 bits stand for the hash: reading the group's full
		// hash too would be one more cache miss per row in a large table.
		if g := int32(e&0xffffffff) - 1; t.equal(g, cols, i) {
			return g
		}
	}
}

// findAll sets out[i] to the group of each of the first n rows of cols
// (hashes h), inserting absent keys when insert is set (-1 otherwise).
// A caller may leave h nil: the table hashes the rows it needs (none
// when packed, those its dense index misses, else all).
// A row equal to the one before it takes its group without a probe:
// scans in a table's sort key deliver a key's rows together. A single
// integer key is looked up in a dense index first.
func (t *keyTable) findAll(cols []*Vec, n int, h []uint64, insert bool, out []int32) {
	if space := comboSpace(cols[:t.cmp], n); space > 0 {
		t.findCombos(cols, n, space, insert, out)
		return
	}
	t.findEach(cols, n, h, insert, out)
}

// findEach is findAll row by row.
func (t *keyTable) findEach(cols []*Vec, n int, h []uint64, insert bool, out []int32) {
	if t.pack != nil {
		t.findPacked(cols, n, insert, out)
		return
	}
	if t.viaIndex() {
		t.findDense(cols, n, h, insert, out)
		return
	}
	if !insert && t.members != nil {
		t.findMembers(cols, n, h, out)
		return
	}
	if h == nil && n > 0 { // hashes left to a packed or dense table
		t.hbuf = hashRows(cols[:t.cmp], n, t.hbuf)
		h = t.hbuf
	}
	if insert { // the table's owner alone: lookups run on several workers at once
		t.lookupCodes(cols, n)
		defer t.doneCodes()
	}
	for lo := 0; lo < n; lo += touchRows {
		hi := min(n, lo+touchRows)
		t.touch(h[lo:hi])
		for i := lo; i < hi; i++ {
			if i > 0 && h[i] == h[i-1] && out[i-1] >= 0 && sameRow(cols[:t.cmp], i, i-1) {
				out[i] = out[i-1]
				continue
			}
			out[i] = t.find(cols, i, h[i], insert)
		}
	}
}

// touchRows is the rows whose home slots touch reads at a time: their
// cache lines (64 bytes each) stay in a core's L2 until they are probed.
const touchRows = 256

// touchSlots is the table size from which touch reads ahead: a smaller
// table stays in the caches.
const touchSlots = 1 << 16

// touch reads the home slot of each hash before the rows are probed one
// by one: these loads do not wait on each other, so the memory serves
// many at once, where the probes' loads (each probe deciding the next
// insert) would wait for one cache miss after another. A prefetch by
// hand, Go having none.
func (t *keyTable) touch(h []uint64) {
	if t.viaDense || len(t.slots) < touchSlots {
		return
	}
	var acc uint64
	for _, x := range h {
		acc += t.slots[x>>t.shift]
	}
	// Kept, so that the loads are not optimised away; atomically, as
	// lookups run on several workers at once.
	atomic.AddUint64(&t.touched, acc)
}

// viaIndex reports whether findAll looks rows up in the dense index,
// which needs no hashes but those of the rows it misses.
func (t *keyTable) viaIndex() bool {
	return t.pack == nil && t.dense.on
}

// findDense is findAll through the dense index; h, when nil, is
// computed for the rows the index misses alone.
func (t *keyTable) findDense(cols []*Vec, n int, h []uint64, insert bool, out []int32) {
	if t.viaDense && !insert && t.grid == nil {
		t.dense.lookup(cols[0], n, out)
		return
	}
	// A NULL key is not indexed: its row alone takes the hash path (a
	// few anonymous events among a customer's must not send the whole
	// batch there).
	nulls := anyHasNull(cols[:t.cmp], n)
	for i := 0; i < n; i++ {
		k, indexed := int64(0), true
		switch {
		case nulls && anyNull(cols[:t.cmp], i):
			indexed = false
		case t.grid == nil: // one key column: the key itself, without a call per row
			k = cols[0].I[i]
		default:
			k, indexed = t.grid.key(cols, i)
		}
		if indexed {
			if g, ok := t.dense.get(k); ok {
				out[i] = g
				continue
			}
		}
		switch {
		case t.viaDense && !insert:
			out[i] = -1
			continue
		case t.viaDense && indexed:
			out[i] = t.add(cols, i, hashAt(h, cols[:t.cmp], i))
		default:
			out[i] = t.find(cols, i, hashAt(h, cols[:t.cmp], i), insert)
		}
		// Only the table's owner writes the index: lookups (insert
		// unset) run on several workers at once.
		if g := out[i]; g >= 0 && insert && indexed {
			t.dense.put(k, g, t.n)
			if !t.dense.on && t.viaDense {
				t.leaveDense()
			}
		}
	}
}

// sameRow reports whether rows i and j of cols hold the same key (NULL
// equal to NULL).
func sameRow(cols []*Vec, i, j int) bool {
	for _, v := range cols {
		if !sameValue(v, i, j) {
			return false
		}
	}
	return true
}

func (t *keyTable) add(cols []*Vec, i int, h uint64) int32 {
	for c, v := range cols {
		if k := t.keys[c]; len(k.I) == cap(k.I) && intLike(k.T.Phys) {
			k.I = growInts(k.I)
		}
		t.appendKey(c, v, i)
		if v.T.Phys == PStr && !v.IsNull(i) {
			t.strBytes += int64(len(v.Str(i)))
		}
	}
	if t.pack == nil { // a packed table's tag is its key: unpack hashes the keys
		t.hashes = appendWord(t.hashes, h)
	}
	t.n++
	return int32(t.n - 1)
}

// denseLookup finds row i of cols' key in the dense index alone.
func (t *keyTable) denseLookup(cols []*Vec, i int) int32 {
	if anyNull(cols[:t.cmp], i) {
		return -1 // a NULL key would have left viaDense
	}
	k, ok := cols[0].I[i], true
	if t.grid != nil {
		k, ok = t.grid.key(cols, i)
	}
	if !ok {
		return -1
	}
	if g, found := t.dense.get(k); found {
		return g
	}
	return -1
}

// key is row i's cell of the grid (ok false outside it).
func (g *keyGrid) key(cols []*Vec, i int) (int64, bool) {
	k := int64(0)
	for c, lo := range g.lo {
		o := uint64(cols[c].I[i] - lo)
		if o >= uint64(g.span[c]) {
			return 0, false
		}
		k = k*g.span[c] + int64(o)
	}
	return k, true
}

// leaveDense builds the slots for every group: from now on the hash
// table answers and the dense index, while on, only speeds it up.
func (t *keyTable) leaveDense() {
	t.viaDense = false
	size := len(t.slots)
	for t.n*2 > size {
		size *= 2
	}
	t.setSlots(getWords(size))
	t.fillSlots()
}

// setSlots makes slots, a power of two long, the table's slots.
func (t *keyTable) setSlots(slots []uint64) {
	t.slots = slots
	t.shift = uint(64 - bits.TrailingZeros(uint(len(slots))))
}

// rehash doubles the slots. A slot keeps its hash's top 32 bits, which
// are its home in any table of up to 2^32 slots: the old slots are read
// in order, and their groups land in the same order in the new ones.
func (t *keyTable) rehash() { t.rehashTo(len(t.slots) * 2) }

// growFor rehashes once into slots enough for n groups at most half
// full (a merge that adds a known count: no doubling after doubling).
func (t *keyTable) growFor(n int) {
	if t.viaDense {
		return
	}
	size := len(t.slots)
	for size < 2*n {
		size *= 2
	}
	if size > len(t.slots) {
		t.rehashTo(size)
	}
}

// rehashTo moves the groups into size slots (a power of two, larger).
func (t *keyTable) rehashTo(size int) {
	old := t.slots
	t.setSlots(getWords(size))
	defer putWords(old)
	slots, mask := t.slots, uint64(len(t.slots)-1)
	for _, e := range old {
		if e == 0 {
			continue
		}
		s := (e &^ 0xffffffff) >> t.shift
		for slots[s] != 0 {
			s = (s + 1) & mask
		}
		slots[s] = e
	}
}

// fillSlots puts every group into the (empty) slots.
func (t *keyTable) fillSlots() {
	slots := t.slots
	mask := uint64(len(slots) - 1)
	for g, h := range t.hashes {
		s := h >> t.shift
		for slots[s] != 0 {
			s = (s + 1) & mask
		}
		slots[s] = h&^0xffffffff | uint64(g+1)
	}
}

// equal compares group g's key with row i of cols (NULL equals NULL).
func (t *keyTable) equal(g int32, cols []*Vec, i int) bool {
	for c, v := range cols[:t.cmp] {
		k := t.keys[c]
		kn, vn := k.IsNull(int(g)), v.IsNull(i)
		if kn || vn {
			if kn != vn {
				return false
			}
			continue
		}
		switch v.T.Phys {
		case PFloat:
			if k.F[g] != v.F[i] {
				return false
			}
		case PStr:
			if x := t.textsOf(c); x != nil && x.codes != nil {
				if x.groups[g] != x.codes[v.Codes[i]] {
					return false
				}
			} else if k.S[g] != v.Str(i) {
				return false
			}
		default:
			if k.I[g] != v.I[i] {
				return false
			}
		}
	}
	return true
}

// appendKey appends row i of src to key column c (strings copied, src
// may alias storage: keyText's copy).
func (t *keyTable) appendKey(c int, src *Vec, i int) {
	dst, n := t.keys[c], t.n
	null := src.IsNull(i)
	switch dst.T.Phys {
	case PFloat:
		f := 0.0
		if !null {
			f = src.F[i]
		}
		dst.F = appendDoubling(dst.F, f)
	case PStr:
		s, id := "", int32(-1)
		switch x := t.textsOf(c); {
		case null:
		case x != nil:
			s, id = x.keyOf(src, i)
		default:
			s = t.copyText(src.Str(i))
		}
		dst.S = appendDoubling(dst.S, s)
		if x := t.textsOf(c); x != nil {
			x.groups = appendDoubling(x.groups, id)
		}
	default:
		x := int64(0)
		if !null {
			x = src.I[i]
		}
		dst.I = appendDoubling(dst.I, x)
	}
	if null && dst.Nulls == nil {
		dst.Nulls = make([]bool, n, max(n+1, 2*n))
	}
	if dst.Nulls != nil {
		dst.Nulls = appendDoubling(dst.Nulls, null)
	}
}

// copyText returns a copy of s that does not alias its source's storage,
// short texts copied into a block of arenaChunk bytes: one allocation per
// block, not one or two per group (a carried product name per group of
// 300k, copied one by one, was an eighth of B91's CPU).
func (t *keyTable) copyText(s string) string {
	if s == "" {
		return ""
	}
	if len(s) > arenaChunk/8 {
		return strings.Clone(s)
	}
	if len(s) > cap(t.arena)-len(t.arena) {
		t.arena = make([]byte, 0, arenaChunk)
	}
	at := len(t.arena)
	t.arena = append(t.arena, s...)
	return unsafe.String(&t.arena[at], len(s))
}

// textsOf is column c's interned texts, nil when it has none.
func (t *keyTable) textsOf(c int) *textKeys {
	if t.texts == nil {
		return nil
	}
	return t.texts[c]
}

// lookupCodes numbers the dictionary entries of a batch's coded string
// key columns (textKeys.lookupCodes).
func (t *keyTable) lookupCodes(cols []*Vec, n int) {
	for c, x := range t.texts {
		if x != nil {
			x.lookupCodes(cols[c], n)
		}
	}
}

func (t *keyTable) doneCodes() {
	for _, x := range t.texts {
		if x != nil {
			x.codes = nil
		}
	}
}

// appendDoubling appends x, doubling s's capacity when full: a table of
// a million groups grows by copies of twice its size in all, not the
// five times append's 1.25 growth of large slices costs.
func appendDoubling[T any](s []T, x T) []T {
	if len(s) == cap(s) {
		t := make([]T, len(s), max(1024, 2*cap(s)))
		copy(t, s)
		s = t
	}
	return append(s, x)
}

func hasNull(v *Vec, n int) bool {
	if v.Nulls == nil {
		return false
	}
	for _, null := range v.Nulls[:n] {
		if null {
			return true
		}
	}
	return false
}

func intLike(p Phys) bool { return p != PFloat && p != PStr }

// denseIndex maps a single integer key straight to its group while the
// keys seen stay within a range a few times the number of groups (ids,
// days, months): an array read instead of a hash probe. It is an index
// over the hash table, which stays complete, so giving it up when keys
// turn out sparse loses nothing.
type denseIndex struct {
	on  bool
	lo  int64
	ids []int32 // group + 1 per key - lo; 0 is unknown
	// sized: ids were sized for every key to come (presize), so keys in
	// their range never count against the slack however they arrive.
	sized bool
}

// presize prepares the dense index for keys in [lo, hi] of a table that
// will hold up to rows groups (a join's build side, whose keys are all
// known), when that range is within the slack; keys arriving out of
// order would otherwise make it give up before the groups fill it.
func (t *keyTable) presize(lo, hi int64, rows int) {
	d := &t.dense
	span := uint64(hi - lo + 1)
	if !d.on || hi < lo || hi-lo < 0 || span > uint64(denseSlack*rows+denseFloor) {
		return
	}
	d.lo, d.ids, d.sized = lo, getInt32s(int(span)), true
}

// reserve sizes the table for up to n keys at once (a join's build side
// knows its row count): no rehash and no array copy while it fills.
func (t *keyTable) reserve(n int) {
	if t.viaDense || t.n > 0 || n <= len(t.slots)/2 {
		return
	}
	size := len(t.slots)
	for size < 2*n {
		size *= 2
	}
	t.setSlots(getWords(size))
	t.hashes = getWords(n)[:0]
	for _, k := range t.keys {
		switch k.T.Phys {
		case PFloat:
			k.F = make([]float64, 0, n)
		case PStr:
			k.S = make([]string, 0, n)
		default:
			k.I = make([]int64, 0, n)
		}
	}
}

// presizeFor sizes the dense index for keys in the ranges rs (one per
// key column; none: nothing is known).
func (t *keyTable) presizeFor(rs []keyRange) {
	rs = rs[:min(len(rs), t.cmp)]
	rows := 0
	for _, r := range rs {
		rows = max(rows, r.rows)
	}
	switch len(rs) {
	case 0:
	case 1:
		t.presize(rs[0].lo, rs[0].hi, rows)
	default:
		t.presizeGrid(rs)
	}
}

// keyGrid numbers the combinations of several integer keys, each in
// [lo, lo+span), as one dense key.
type keyGrid struct {
	lo, span []int64
}

// maxGridCells bounds a grid where its random reads stay in cache: a
// larger one (a pair of product ids) measured slower than hashing.
const maxGridCells = 1 << 18

// presizeGrid lays several integer key columns, with values in the given
// ranges, out as one dense index when its cells are within the slack of
// the sources' rows: GROUP BY month, channel id or a pair of product ids then
// reads an array instead of probing a hash table. Keys outside the
// ranges are found by hash, as with one column.
func (t *keyTable) presizeGrid(rs []keyRange) {
	if t.n > 0 || len(rs) != t.cmp {
		return
	}
	types := make([]ColType, len(rs))
	for c := range rs {
		types[c] = t.keys[c].T
	}
	g := planGrid(types, rs)
	if g == nil {
		return
	}
	cells := int64(1)
	for _, span := range g.span {
		cells *= span
	}
	t.grid = g
	t.dense = denseIndex{on: true, ids: make([]int32, cells), sized: true}
	t.viaDense = true
}

// planGrid lays integer keys of the given layouts and ranges out as a
// grid when it is small enough (presizeGrid); nil when not.
func planGrid(types []ColType, rs []keyRange) *keyGrid {
	if len(rs) < 2 {
		return nil
	}
	rows := 0
	for _, r := range rs {
		rows = max(rows, r.rows)
	}
	g := &keyGrid{}
	cells := uint64(1)
	limit := min(uint64(denseSlack*rows+denseFloor), maxGridCells)
	for c, r := range rs {
		span := uint64(r.hi - r.lo + 1)
		if !intLike(types[c].Phys) || r.hi < r.lo || r.hi-r.lo < 0 || span > limit || cells*span > limit {
			return nil
		}
		cells *= span
		g.lo, g.span = append(g.lo, r.lo), append(g.span, int64(span))
	}
	return g
}

// denseSlack bounds the index at this many entries per group (plus a
// floor), so it costs at most a small multiple of the table itself.
const (
	denseSlack = 4
	denseFloor = 1 << 16
)

func (d *denseIndex) get(k int64) (int32, bool) {
	o := uint64(k - d.lo)
	if o < uint64(len(d.ids)) {
		if g := d.ids[o]; g != 0 {
			return g - 1, true
		}
	}
	return 0, false
}

// lookup sets out to the groups of v's first n keys, -1 for a key
// without one and for NULL: the index answers alone (viaDense), so one
// branch-free load a row.
func (d *denseIndex) lookup(v *Vec, n int, out []int32) {
	ids, lo := d.ids, d.lo
	for i, k := range v.I[:n] {
		g := int32(0)
		if o := uint64(k - lo); o < uint64(len(ids)) {
			g = ids[o]
		}
		out[i] = g - 1
	}
	if v.Nulls != nil {
		for i, null := range v.Nulls[:n] {
			if null {
				out[i] = -1
			}
		}
	}
}

// put records key k's group, widening the index, or turning it off
// when the range the keys span outgrows the groups.
func (d *denseIndex) put(k int64, g int32, groups int) {
	if o := uint64(k - d.lo); d.sized && o < uint64(len(d.ids)) {
		d.ids[o] = g + 1
		return
	}
	if len(d.ids) == 0 {
		d.lo, d.ids = k, make([]int32, 1024)
	}
	lo, hi := min(d.lo, k), max(d.lo+int64(len(d.ids))-1, k)
	span := uint64(hi - lo + 1)
	if span > uint64(denseSlack*groups+denseFloor) || hi-lo < 0 {
		putInt32s(d.ids)
		d.on, d.ids = false, nil
		return
	}
	if lo != d.lo || span > uint64(len(d.ids)) {
		d.widen(lo, int(span))
	}
	d.ids[k-d.lo] = g + 1
}

func (d *denseIndex) widen(lo int64, span int) {
	ids := getInt32s(max(span, 2*len(d.ids)))
	if lo < d.lo { // keys descending: leave the new room below
		lo = d.lo + int64(len(d.ids)) - int64(len(ids))
	}
	copy(ids[d.lo-lo:], d.ids)
	putInt32s(d.ids)
	d.lo, d.ids = lo, ids
}

func anyHasNull(cols []*Vec, n int) bool {
	for _, v := range cols {
		if hasNull(v, n) {
			return true
		}
	}
	return false
}
