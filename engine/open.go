package engine

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"github.com/cockroachdb/pebble/v2/vfs"
	sqle "github.com/dolthub/go-mysql-server"

	"github.com/cohortdb/cohortdb/storage"
)

// Options configure Open.
type Options struct {
	// Logger receives storage errors and startup notes (a fresh data
	// dir); nil discards them.
	Logger *slog.Logger
	// Store tunes the store: its file system (tests give vfs.NewMem()),
	// segment size and caches. Its Logger defaults to Logger.
	Store storage.Options
	// DiskReserve, when > 0, sets Store.DiskReserve: the free space
	// (bytes) writes leave on the data directory's disk. It lets the
	// server set it without importing storage.
	DiskReserve int64
	// FS, when set, is Store.FS, for the server's tests, which reach the
	// store only through the engine.
	FS vfs.FS
	// PebbleCache, when > 0, sets Store.CacheBytes: the size of Pebble's
	// block cache, which the server takes from its memory budget
	// (membudget.PebbleCache).
	PebbleCache int64
	// SegmentRows and CompactHook, when set, are Store's: the server's
	// tests make many segments from little data and hold a compaction
	// mid-way without importing storage.
	SegmentRows int
	CompactHook func(point string)
}

// Open opens (or creates) the data directory dir and readies it for
// queries, the one startup path of serve, import and tests:
//
//   - a fresh data dir gets database shop with the canonical tables;
//   - loads and compactions a crash interrupted are marked so in
//     load_history and compaction_history;
//   - tables of older data dirs get their declared sort keys and the
//     compaction_history table.
//
// The returned Engine owns the store: Close closes both. On error nothing
// is left open.
func Open(dir string, opts Options) (*Engine, error) {
	so := opts.Store
	if opts.DiskReserve > 0 {
		so.DiskReserve = opts.DiskReserve
	}
	if opts.FS != nil {
		so.FS = opts.FS
	}
	if opts.PebbleCache > 0 {
		so.CacheBytes = opts.PebbleCache
	}
	if opts.SegmentRows > 0 {
		so.SegmentRows = opts.SegmentRows
	}
	if opts.CompactHook != nil {
		so.CompactHook = opts.CompactHook
	}
	if so.Logger == nil {
		so.Logger = opts.Logger
	}
	store, err := storage.Open(dir, so)
	if err != nil {
		return nil, fmt.Errorf("open data directory %s: %w", dir, err)
	}
	e, err := New(store)
	if err != nil {
		return nil, errors.Join(fmt.Errorf("build engine: %w", err), store.Close())
	}
	e.ownsStore = true
	if err := e.prepare(opts.Logger); err != nil {
		return nil, errors.Join(err, e.Close())
	}
	return e, nil
}

// prepare creates the canonical shop schema on a fresh data dir and marks
// loads and compactions a crash interrupted.
func (e *Engine) prepare(logger *slog.Logger) error {
	ctx := e.NewContext(context.Background())
	created, err := e.EnsureCanonical(ctx)
	if err != nil {
		return fmt.Errorf("create the canonical schema: %w", err)
	}
	if created && logger != nil {
		logger.Info("fresh data dir: created database shop with the canonical tables")
	}
	e.MarkInterruptedLoads(ctx)
	if err := e.EnsureSortKeys(ctx); err != nil {
		return fmt.Errorf("declare sort keys: %w", err)
	}
	e.EnsureCompactionHistory(ctx)
	e.MarkInterruptedCompactions(ctx)
	return nil
}

// Close stops the SQL engine's background work and, when Open opened the
// store, closes the store. An engine from New leaves its store to the
// caller.
func (e *Engine) Close() error {
	err := closeSQL(e.sql)
	if e.ownsStore {
		err = errors.Join(err, e.store.Close())
	}
	return err
}

// closeSQL closes a GMS engine. Its Close reports the cancellation it
// uses to stop background threads as an error; that is not a failure.
func closeSQL(s *sqle.Engine) error {
	if err := s.Close(); err != nil && !errors.Is(err, context.Canceled) {
		return fmt.Errorf("close SQL engine: %w", err)
	}
	return nil
}
