package storage

import (
	"errors"
	"fmt"
	"strconv"
	"sync"
	"sync/atomic"

	"github.com/cockroachdb/pebble/v2"
	"github.com/cockroachdb/pebble/v2/vfs"
)

// FormatVersion is the on-disk format this build writes and reads. A data
// dir with any other version is refused by Open.
const FormatVersion = 1

const formatMetaName = "format"

// Store is an open data directory. Safe for concurrent use.
//
// mu serialises everything that changes the catalog or commits data; readers
// never take it (they read immutable tableStates).
type Store struct {
	db       *pebble.DB
	opts     Options
	guard    *diskGuard
	counters Counters
	cache    *chunkCache
	indexes  indexCache
	// reclaimer deletes segments compactions retired (reclaim.go).
	reclaimer reclaimer
	// compactHook (Options.CompactHook, or set by this package's tests)
	// is called at named points of a compaction (segment-written,
	// before-swap, after-swap).
	compactHook func(string)
	// version counts published changes that reads can see (DataVersion).
	version atomic.Uint64

	mu          sync.Mutex
	closed      bool
	dbs         map[string]string // nameKey → spelling
	tables      map[string]*Table // dbKey \x00 tableKey → table
	nextTableID uint64
}

// Open opens (creating if needed) the data directory dir.
func Open(dir string, opts Options) (*Store, error) {
	if opts.SegmentRows <= 0 || opts.SegmentRows > MaxSegmentRows {
		opts.SegmentRows = MaxSegmentRows
	}
	if opts.CacheBytes <= 0 {
		opts.CacheBytes = 256 << 20
	}
	if opts.FS == nil {
		opts.FS = vfs.Default
	}
	cache := pebble.NewCache(opts.CacheBytes)
	defer cache.Unref()
	guard := newDiskGuard(opts.FS, dir, opts.DiskReserve, opts.Logger)
	popts := &pebble.Options{FS: opts.FS, Cache: cache, Logger: quietLogger{}, EventListener: guard.listener()}
	db, err := pebble.Open(dir, popts)
	if err != nil {
		return nil, fmt.Errorf("open data dir %s: %w", dir, classify(err))
	}
	guard.init()
	s := &Store{db: db, opts: opts, guard: guard, cache: newChunkCache(chunkCacheBytes(opts)),
		dbs: map[string]string{}, tables: map[string]*Table{}, nextTableID: 1, compactHook: opts.CompactHook}
	s.cache.fixed = opts.ChunkCacheBytes > 0
	if err := s.checkFormat(); err != nil {
		db.Close()
		return nil, fmt.Errorf("open data dir %s: %w", dir, err)
	}
	if err := s.load(); err != nil {
		db.Close()
		return nil, fmt.Errorf("open data dir %s: %w", dir, err)
	}
	s.startReclaimer()
	return s, nil
}

// checkFormat stamps a new data dir with FormatVersion and refuses a data
// dir stamped with anything else.
func (s *Store) checkFormat() error {
	v, err := s.GetMeta(formatMetaName)
	if err != nil {
		return err
	}
	if v == nil {
		empty, err := s.isEmpty()
		if err != nil {
			return err
		}
		if !empty {
			return fmt.Errorf("%w: data dir has no format stamp", ErrUnknownFormat)
		}
		return s.PutMeta(formatMetaName, []byte(strconv.Itoa(FormatVersion)))
	}
	n, err := strconv.Atoi(string(v))
	if err != nil || n != FormatVersion {
		return fmt.Errorf("%w %q: this build of cohortdb reads format %d only; "+
			"use the cohortdb release that wrote this data dir", ErrUnknownFormat, v, FormatVersion)
	}
	return nil
}

func (s *Store) isEmpty() (bool, error) {
	it, err := s.db.NewIter(nil)
	if err != nil {
		return false, err
	}
	defer it.Close()
	return !it.First(), it.Error()
}

// Recoverable reports whether writes are refused because a commit failed
// inside Pebble (the disk filled faster than the reserve could keep
// free, or an I/O error) and the data directory has room and accepts new
// files again: closing the store and opening it anew makes it writable,
// with every acknowledged write (Open replays the log). Cheap while no
// commit has failed.
func (s *Store) Recoverable() bool { return s.guard.recoverable() }

// Close closes the store. Further calls return ErrClosed.
func (s *Store) Close() error {
	s.stopReclaimer() // it uses the Pebble DB outside mu
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return ErrClosed
	}
	s.closed = true
	if s.guard.unhealthy() {
		// A flush now could fail where Pebble cannot recover (a MANIFEST
		// write); the WAL holds every commit, Open replays it.
		return s.db.Close()
	}
	if err := s.sweepRetired(); err != nil {
		s.db.Close()
		return fmt.Errorf("close store: delete retired segments: %w", err)
	}
	if err := s.db.Flush(); err != nil {
		s.db.Close()
		return fmt.Errorf("close store: %w", err)
	}
	return s.db.Close()
}

// DataVersion changes after every published change a read can see:
// committed writes, bulk loads, table and database DDL, metadata blobs
// (saved segments, views, users, events). Compaction and sealing the
// write buffer do not change it (the rows stay the same). It is bumped
// after the new state is published, so a reader that sees version v
// reads data at least as new as v: results computed after reading v may
// be cached under v.
func (s *Store) DataVersion() uint64 { return s.version.Load() }

// changed bumps DataVersion; call it after publishing a change.
func (s *Store) changed() { s.version.Add(1) }

// Counters returns the store's work counters.
func (s *Store) Counters() *Counters { return &s.counters }

// GetMeta returns the metadata blob name, or nil if absent.
func (s *Store) GetMeta(name string) ([]byte, error) {
	v, closer, err := s.db.Get(metaKey(name))
	if errors.Is(err, pebble.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read meta %s: %w", name, err)
	}
	defer closer.Close()
	return append([]byte{}, v...), nil
}

// PutMeta durably stores a metadata blob (e.g. the user table).
func (s *Store) PutMeta(name string, val []byte) error {
	if err := s.setSynced(metaKey(name), val); err != nil {
		return fmt.Errorf("write meta %s: %w", name, err)
	}
	s.changed()
	return nil
}

// DeleteMeta durably removes a metadata blob (absent is not an error).
func (s *Store) DeleteMeta(name string) error {
	b := s.db.NewBatch()
	defer b.Close()
	if err := b.Delete(metaKey(name), nil); err != nil {
		return err
	}
	if err := s.commitBatch(b, pebble.Sync); err != nil {
		return fmt.Errorf("delete meta %s: %w", name, err)
	}
	s.changed()
	return nil
}

// quietLogger keeps Pebble's informational chatter out of the server log
// but lets fatal errors through.
type quietLogger struct{}

func (quietLogger) Infof(string, ...any)  {}
func (quietLogger) Errorf(string, ...any) {}
func (quietLogger) Fatalf(format string, args ...any) {
	f := pebbleFatal{msg: fmt.Sprintf(format, args...)}
	for _, a := range args {
		if e, ok := a.(error); ok && f.cause == nil {
			f.cause = e
		}
	}
	panic(f)
}

// pebbleFatal is the panic of quietLogger.Fatalf. Pebble calls Fatalf in
// the committing goroutine when a commit fails (its WAL is then
// unusable); commitBatch recovers it into an error.
type pebbleFatal struct {
	msg   string
	cause error // the first error among Fatalf's arguments, if any
}

func (f pebbleFatal) Error() string { return f.msg }
func (f pebbleFatal) Unwrap() error { return f.cause }

func chunkCacheBytes(opts Options) int64 {
	if opts.ChunkCacheBytes > 0 {
		return opts.ChunkCacheBytes
	}
	return DefaultChunkCacheBytes
}

// commitBatch commits b unless the disk guard refuses the write
// (diskguard.go); a failure inside Pebble makes the guard refuse every
// later write.
func (s *Store) commitBatch(b *pebble.Batch, opts *pebble.WriteOptions) error {
	if err := s.guard.check(len(b.Repr())); err != nil {
		return err
	}
	if err := commitRecovering(b, opts); err != nil {
		return s.guard.failed(err)
	}
	return nil
}

// commitRecovering commits b, turning Pebble's fatal commit error into an
// error (see pebbleFatal).
func commitRecovering(b *pebble.Batch, opts *pebble.WriteOptions) (err error) {
	defer func() {
		if r := recover(); r != nil {
			f, ok := r.(pebbleFatal)
			if !ok {
				panic(r)
			}
			err = f
		}
	}()
	return b.Commit(opts)
}

// setSynced durably sets one key through commitBatch.
func (s *Store) setSynced(key, val []byte) error {
	b := s.db.NewBatch()
	defer b.Close()
	if err := b.Set(key, val, nil); err != nil {
		return err
	}
	return s.commitBatch(b, pebble.Sync)
}
