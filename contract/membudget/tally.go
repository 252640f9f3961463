package membudget

// TallyChunk is how many bytes a Tally reserves from its account at a
// time: small next to any limit worth setting, large enough that a
// per-row Add rarely touches the account's atomics.
const TallyChunk = 256 << 10

// Tally batches one goroutine's reservations on an account. Not safe for
// concurrent use; a nil *Tally (or one over a nil account) accepts
// everything.
//
// Invariant: held - used is in [0, TallyChunk) after every successful
// Add, and held is what the tally has reserved on the account.
type Tally struct {
	acct *Account
	held int64 // reserved on acct
	used int64 // added by the caller
}

// NewTally returns a tally over a (nil: no budget).
func NewTally(a *Account) *Tally { return &Tally{acct: a} }

// Add records n more bytes, reserving on the account when the chunk held
// runs out. On error nothing is recorded.
func (t *Tally) Add(n int64) error {
	if t == nil || t.acct == nil {
		return nil
	}
	used := t.used + n
	if used > t.held {
		need := (used - t.held + TallyChunk - 1) / TallyChunk * TallyChunk
		if err := t.acct.Reserve(need); err != nil {
			// The chunk may not fit where the bytes themselves do.
			if err2 := t.acct.Reserve(used - t.held); err2 != nil {
				return err
			}
			need = used - t.held
		}
		t.held += need
	}
	t.used = used
	return nil
}

// Free records that n of the bytes added were freed, and gives the
// whole chunks no longer needed back to the account (keeping the
// invariant above).
func (t *Tally) Free(n int64) {
	if t == nil || t.acct == nil || n <= 0 {
		return
	}
	t.used = max(0, t.used-n)
	if spare := t.held - t.used; spare >= TallyChunk {
		give := spare / TallyChunk * TallyChunk
		t.acct.Release(give)
		t.held -= give
	}
}

// Used is what has been added since the last Release.
func (t *Tally) Used() int64 {
	if t == nil {
		return 0
	}
	return t.used
}

// Release gives everything the tally holds back to the account.
func (t *Tally) Release() {
	if t == nil || t.acct == nil {
		return
	}
	t.acct.Release(t.held)
	t.held, t.used = 0, 0
}
