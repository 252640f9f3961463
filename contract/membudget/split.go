package membudget

// How the server's budget (cohortdb_memory_limit) is shared out so that
// the process's resident set stays within it.
//
// The budget B bounds the whole process, not only what statements
// reserve. Three things live in it beside the reservations:
//
//   - Pebble: Pebble's block cache, allocated by the C allocator outside
//     the Go heap and sized once, when the store opens (PebbleCache).
//   - Outside: the rest of what the Go runtime does not manage — the
//     binary's mapped pages (about 50 MiB resident), Pebble's memtables
//     and, as much again as its block cache, the blocks it freed that
//     the C allocator's per-thread arenas keep (measured at S2 under a
//     4 GiB budget: 473 MiB of arenas for a 256 MiB cache):
//     OutsideAllowance plus Pebble.
//   - The Go runtime's soft memory limit (GOMEMLIMIT) is what is left:
//     Soft = B - Outside - Pebble. The collector keeps the heap, its
//     garbage, goroutine stacks and the runtime's own metadata under it
//     as long as what is live fits.
//
// Of Soft, Reservable (ReservableShare of it) is the pool's limit: what
// statements, the decoded-chunk cache, loads, compaction and the
// executor's kept arrays may reserve together. The rest of Soft is for
// what is not charged — rows in flight between operators, network
// buffers, sessions, the catalogue — and for the collector to work in:
// reservations are estimates, and a heap whose live part fills the soft
// limit makes the collector run without end.
//
// A reservation past Reservable fails with *Error (MySQL 1038) instead of
// growing the process; the cache gives way first (the pool's reclaimer).

// Split is the budget's parts, in bytes. The zero Split (Budget 0) is
// unlimited: no soft limit, no pool limit.
type Split struct {
	Budget     int64 // cohortdb_memory_limit: the resident set stays within it
	Pebble     int64 // Pebble's block cache (off the Go heap)
	Outside    int64 // the rest the Go runtime does not manage (OutsideAllowance + Pebble)
	Soft       int64 // the Go runtime's soft memory limit
	Reservable int64 // the pool's limit: what reservations may hold together
}

const (
	// OutsideAllowance is kept out of the Go runtime's limit, beside
	// Pebble's block cache and its arenas' slack, for memory it does not
	// manage: the binary's resident pages (48 MiB measured), Pebble's
	// memtables (two of 4 MiB while one flushes) and other C
	// allocations.
	OutsideAllowance = 64 << 20
	// ReservableShare is the share of the Go runtime's limit that
	// reservations may hold; the rest is for what operators do not
	// charge and for the collector's headroom.
	ReservableShare = 0.75
	// MaxPebbleCache and MinPebbleCache bound Pebble's block cache;
	// between them it is PebbleCacheShare of the budget.
	MaxPebbleCache   = 256 << 20
	MinPebbleCache   = 8 << 20
	PebbleCacheShare = 1.0 / 16
	// minSoft is the smallest soft limit set, for budgets too small for
	// the allowances (the limits still apply; the process then passes
	// its budget by the allowances).
	minSoft = 16 << 20
)

// PebbleCache is the size of Pebble's block cache for a server budget
// (<= 0: unlimited, the store's default of MaxPebbleCache).
func PebbleCache(budget int64) int64 {
	if budget <= 0 {
		return MaxPebbleCache
	}
	return min(MaxPebbleCache, max(MinPebbleCache, int64(float64(budget)*PebbleCacheShare)))
}

// SplitBudget shares budget out (see above) given the size of Pebble's
// block cache in effect (PebbleCache of the budget the store was opened
// with: the cache is not resized when the budget changes).
func SplitBudget(budget, pebble int64) Split {
	if budget <= 0 {
		return Split{}
	}
	s := Split{Budget: budget, Pebble: pebble, Outside: OutsideAllowance + pebble}
	s.Soft = max(minSoft, budget-s.Outside-s.Pebble)
	s.Reservable = int64(float64(s.Soft) * ReservableShare)
	return s
}
