package storage

import (
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/cockroachdb/pebble/v2"
	"github.com/cockroachdb/pebble/v2/vfs"
)

// Errors of writes that cannot be made durable. Callers branch on them
// with errors.Is (the engine turns them into MySQL's 1021 and 3).
var (
	// ErrDiskFull: the write was refused, nothing of it was applied; it
	// succeeds again once space is freed.
	ErrDiskFull = errors.New("disk full")
	// ErrWrite: the data directory cannot be written (read-only, no
	// permission, I/O error); nothing of the write was applied.
	ErrWrite = errors.New("error writing to the data directory")
)

// Bounds of the free-space reserve (Options.DiskReserve's default is a
// twentieth of the file system within them) and of the pause after a
// failed background flush or compaction.
const (
	minDiskReserve   = 8 << 20
	maxDiskReserve   = 256 << 20
	smallCommitBytes = 64 << 10
	maxBackoff       = time.Second
	probeFileName    = "write-probe.tmp"
)

// diskGuard keeps Pebble away from the errors it cannot survive. Pebble
// v2 panics when a WAL write or WAL rotation fails and retries a failed
// flush at once, in a loop; so cohortdb refuses a write before Pebble
// sees it when
//   - free space is below the reserve (small commits, such as a
//     load_history row, may use half of it), or
//   - the data directory does not accept a new file (a probe), or
//   - a background flush or compaction failed and none succeeded since
//     (Pebble keeps retrying; its next success reopens writes), or
//   - a commit failed inside Pebble (its WAL is then unusable: writes
//     stay refused until the store is reopened; Recoverable says when
//     that would help, and the server then restarts itself).
//
// Reads are never refused. Background failures are logged once per
// minute, and each one pauses the failing job (doubling up to a second)
// so a full disk does not turn into a busy retry loop.
type diskGuard struct {
	fs      vfs.FS
	dir     string
	reserve uint64
	log     *slog.Logger

	bgFailed atomic.Bool           // a flush/compaction failed, none succeeded since
	broken   atomic.Pointer[error] // a commit failed in Pebble (sticky)

	probeMu    sync.Mutex
	mu         sync.Mutex
	backoff    time.Duration
	lastLog    time.Time
	suppressed int

	// sleep and now are time.Sleep and time.Now; tests replace them to
	// drive the backoff and the log's rate limit without waiting.
	sleep func(time.Duration)
	now   func() time.Time
}

func newDiskGuard(fs vfs.FS, dir string, reserve int64, log *slog.Logger) *diskGuard {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	g := &diskGuard{fs: fs, dir: dir, log: log, sleep: time.Sleep, now: time.Now}
	if reserve > 0 {
		g.reserve = uint64(reserve)
	}
	return g
}

// init sizes the default reserve once the directory exists.
func (g *diskGuard) init() {
	if g.reserve > 0 {
		return
	}
	if u, err := g.fs.GetDiskUsage(g.dir); err == nil {
		g.reserve = min(max(u.TotalBytes/20, minDiskReserve), maxDiskReserve)
	}
}

// listener is the Pebble event listener that feeds the guard.
func (g *diskGuard) listener() *pebble.EventListener {
	return &pebble.EventListener{
		BackgroundError: g.backgroundError,
		FlushEnd: func(info pebble.FlushInfo) {
			if info.Err == nil {
				g.recovered()
			}
		},
		CompactionEnd: func(info pebble.CompactionInfo) {
			if info.Err == nil {
				g.recovered()
			}
		},
	}
}

// backgroundError records a failed flush or compaction, logs it (rate
// limited) and pauses the job before Pebble retries it.
func (g *diskGuard) backgroundError(err error) {
	g.bgFailed.Store(true)
	g.mu.Lock()
	g.backoff = min(max(2*g.backoff, 10*time.Millisecond), maxBackoff)
	pause := g.backoff
	now := g.now()
	if now.Sub(g.lastLog) >= time.Minute {
		g.log.Error("storage: background write failed; writes are refused until it succeeds (Pebble retries it)",
			"err", err, "disk_full", errors.Is(err, syscall.ENOSPC), "failures_since_last_log", g.suppressed)
		g.lastLog, g.suppressed = now, 0
	} else {
		g.suppressed++
	}
	g.mu.Unlock()
	// Pebble calls this on the failing job's goroutine before retrying
	// it: the pause is what keeps a full disk from a busy retry loop.
	g.sleep(pause)
}

func (g *diskGuard) recovered() {
	if g.bgFailed.Swap(false) {
		g.log.Info("storage: background writes succeed again; writes are accepted")
	}
	g.mu.Lock()
	g.backoff = 0
	g.mu.Unlock()
}

// check returns nil when a commit of about size bytes may go to Pebble,
// else an error wrapping ErrDiskFull or ErrWrite.
func (g *diskGuard) check(size int) error {
	if p := g.broken.Load(); p != nil {
		return *p
	}
	if g.bgFailed.Load() {
		return g.spaceOr(size, fmt.Errorf("%w: a background flush of %s failed and Pebble is retrying it", ErrWrite, g.dir))
	}
	if err := g.space(size); err != nil {
		return err
	}
	return g.probe()
}

// spaceOr is the space error if space is short, else err.
func (g *diskGuard) spaceOr(size int, err error) error {
	if serr := g.space(size); serr != nil {
		return serr
	}
	return err
}

// space checks free space against the reserve.
func (g *diskGuard) space(size int) error {
	u, err := g.fs.GetDiskUsage(g.dir)
	if err != nil {
		return nil // unknown (e.g. an in-memory file system): no check
	}
	need := g.reserve
	if size < smallCommitBytes {
		need /= 2
	}
	need += 2 * uint64(size)
	if u.AvailBytes < need {
		return fmt.Errorf("%w: %s has %d bytes free, a write needs %d (including a reserve of %d): free some space and retry",
			ErrDiskFull, g.dir, u.AvailBytes, need, g.reserve)
	}
	return nil
}

// probe checks that the data directory accepts a new file, as Pebble's
// next WAL or table file will need.
func (g *diskGuard) probe() error {
	// One probe at a time: concurrent writers share the probe file, and
	// one's Remove would fail another's.
	g.probeMu.Lock()
	defer g.probeMu.Unlock()
	path := filepath.Join(g.dir, probeFileName)
	f, err := g.fs.Create(path, vfs.WriteCategoryUnspecified)
	if err != nil {
		return classify(fmt.Errorf("data directory %s does not accept new files: %w", g.dir, err))
	}
	cerr := f.Close()
	rerr := g.fs.Remove(path)
	if err := errors.Join(cerr, rerr); err != nil {
		return classify(fmt.Errorf("data directory %s: %w", g.dir, err))
	}
	return nil
}

// failed records a commit that failed inside Pebble: its WAL is unusable
// (Pebble would panic at the next write), so every later write is refused
// until the store is closed and opened anew (recoverable).
func (g *diskGuard) failed(err error) error {
	err = classify(fmt.Errorf("%w; writes are refused until the store is reopened (the server does so once the disk has room)", err))
	g.broken.CompareAndSwap(nil, &err)
	g.log.Error("storage: a commit failed; reads go on, writes are refused until the store is reopened", "err", err)
	return err
}

// recoverable reports whether a commit failed inside Pebble (writes are
// refused until the store is reopened) and the data directory now has
// room beyond the reserve and accepts new files: reopening the store
// would make it writable again.
func (g *diskGuard) recoverable() bool {
	return g.broken.Load() != nil && g.space(smallCommitBytes) == nil && g.probe() == nil
}

// unhealthy reports whether writing (a final flush) is unsafe now.
func (g *diskGuard) unhealthy() bool {
	return g.check(0) != nil
}

// classify wraps err with ErrDiskFull or ErrWrite.
func classify(err error) error {
	if errors.Is(err, ErrDiskFull) || errors.Is(err, ErrWrite) {
		return err
	}
	if errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EDQUOT) {
		return fmt.Errorf("%w: %w", ErrDiskFull, err)
	}
	return fmt.Errorf("%w: %w", ErrWrite, err)
}
