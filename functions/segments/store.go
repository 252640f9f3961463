package segments

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/dolthub/go-mysql-server/sql"

	"github.com/cohortdb/cohortdb/functions/sqlfn"
)

// Segments are stored as metadata blobs "segment/<db>/<name>" (the blob
// is the truth; see Encode) and mirrored, for people and BI tools, in the
// table <db>.segments. PutMeta syncs, so a segment that a CALL reported
// as created survives a crash.
//
// registry caches decoded segments per (store, db, name); the cached
// value carries its Version. Every write replaces or removes the entry
// and bumps gen, which is what in_segment checks per row to know that
// its own per-expression copy is still current. All writers run in this
// process (segments change only through the procedures), so the cache
// is never stale.
type registry struct {
	writeMu sync.Mutex // one segment write at a time (read-modify-write of versions)
	mu      sync.RWMutex
	cache   map[cacheKey]*Segment
	gen     atomic.Uint64
}

type cacheKey struct {
	st       sqlfn.Meta
	db, name string
}

var reg = &registry{cache: map[cacheKey]*Segment{}}

// writePrivileges are what changing a segment needs on db.segments (its
// row there is deleted and inserted again).
var writePrivileges = []sql.PrivilegeType{sql.PrivilegeType_Insert, sql.PrivilegeType_Delete}

// nameRE is what a segment name may be: it is part of a metadata key and
// a row of the segments table, so it stays a plain identifier.
var nameRE = regexp.MustCompile(`^[A-Za-z0-9_]{1,64}$`)

// normName checks a segment name and folds it to lower case (segment
// names are case-insensitive, like table names).
func normName(fn, name string) (string, error) {
	if !nameRE.MatchString(name) {
		return "", sqlfn.ErrArg(fn, "segment name %q must be 1-64 letters, digits or _", name)
	}
	return strings.ToLower(name), nil
}

func metaKey(db, name string) string { return "segment/" + strings.ToLower(db) + "/" + name }

// errUnknown is the error for a segment name that does not exist.
func errUnknown(fn, db, name string) error {
	return fmt.Errorf("%s: segment %q %w in database %s (create it with CALL create_segment(name, sql))",
		fn, name, sqlfn.ErrNotFound, db)
}

// get returns the segment db.name, from the cache or the store; a
// segment whose blob is missing but whose row of the segments table
// holds it (a restored dump) is stored again from that row. Reading a
// segment needs SELECT on db.segments (checked before the lookup, so a
// caller without it cannot tell whether it exists); the procedures that
// change segments check INSERT and DELETE on it first (procEnv).
func (r *registry) get(fn string, env sqlfn.Env, db, name string) (*Segment, error) {
	if err := env.Check(db, segmentsTable, sql.PrivilegeType_Select); err != nil {
		return nil, err
	}
	st := env.Meta()
	s, err := r.load(fn, st, db, name)
	if s != nil || err != nil {
		return s, err
	}
	if s, err = fromTable(fn, env, db, name); err != nil {
		return nil, err
	}
	if s == nil {
		return nil, errUnknown(fn, db, name)
	}
	if err := r.put(fn, st, db, s); err != nil {
		return nil, err
	}
	return s, nil
}

// load returns the segment db.name from the cache or its blob, nil when
// there is no blob.
func (r *registry) load(fn string, st sqlfn.Meta, db, name string) (*Segment, error) {
	k := cacheKey{st, strings.ToLower(db), name}
	r.mu.RLock()
	s := r.cache[k]
	r.mu.RUnlock()
	if s != nil {
		return s, nil
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if s := r.cache[k]; s != nil {
		return s, nil
	}
	b, err := st.GetMeta(metaKey(db, name))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", fn, err)
	}
	if len(b) == 0 {
		return nil, nil
	}
	if s, err = Decode(name, b); err != nil {
		return nil, fmt.Errorf("%s: %w", fn, err)
	}
	r.cache[k] = s
	return s, nil
}

// peek is get without the unknown-name error: nil when absent.
func (r *registry) peek(fn string, env sqlfn.Env, db, name string) (*Segment, error) {
	s, err := r.get(fn, env, db, name)
	if errors.Is(err, sqlfn.ErrNotFound) {
		return nil, nil
	}
	return s, err
}

// put durably stores s as db.s.Name and publishes it.
func (r *registry) put(fn string, st sqlfn.Meta, db string, s *Segment) error {
	b, err := s.Encode(nil)
	if err != nil {
		return err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if err := st.PutMeta(metaKey(db, s.Name), b); err != nil {
		return fmt.Errorf("%s: store segment %s: %w", fn, s.Name, err)
	}
	r.cache[cacheKey{st, strings.ToLower(db), s.Name}] = s
	r.gen.Add(1)
	return nil
}

// remove durably drops db.name. (Data dirs of an earlier build may hold an
// empty blob as a drop marker; reads treat it as absent.)
func (r *registry) remove(fn string, st sqlfn.Meta, db, name string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if err := st.DeleteMeta(metaKey(db, name)); err != nil {
		return fmt.Errorf("%s: drop segment %s: %w", fn, name, err)
	}
	delete(r.cache, cacheKey{st, strings.ToLower(db), name})
	r.gen.Add(1)
	return nil
}
