package server

import (
	"errors"
	"fmt"
	"net"
	"strings"
	"time"

	"github.com/cockroachdb/pebble/v2/vfs"

	"github.com/cohortdb/cohortdb/contract/membudget"
	"github.com/cohortdb/cohortdb/engine"
)

// Defaults for Config fields left zero.
const (
	DefaultListen        = "127.0.0.1:3306"
	DefaultDataDir       = "./cohortdb-data"
	DefaultShutdownGrace = 30 * time.Second
	DefaultCompactEvery  = time.Minute
	// DefaultEventScheduler is --event-scheduler's default, as in MySQL 8.
	DefaultEventScheduler = engine.SchedulerOn
)

// ErrConfig marks errors caused by an invalid Config (as opposed to a
// failure at run time). Callers branch on it with errors.Is, e.g. to pick
// an exit code.
var ErrConfig = errors.New("invalid configuration")

// ErrRootPasswordRequired is the ErrConfig returned when the listen
// address is not loopback and no root password is set.
var ErrRootPasswordRequired = fmt.Errorf("%w: root password required", ErrConfig)

// Config says how to run a server. The zero value of every field except
// DataDir has a usable default.
type Config struct {
	// DataDir is the data directory, created if missing.
	DataDir string
	// Listen is the TCP address to listen on, host:port. Port 0 picks a
	// free port (see Server.Addr). Empty means DefaultListen.
	Listen string
	// RootPassword is the password of the root accounts. It may be empty
	// only when Listen is a loopback address.
	RootPassword string
	// ShutdownGrace bounds how long Run lets running statements finish
	// after its context is cancelled. Zero means DefaultShutdownGrace.
	ShutdownGrace time.Duration
	// Files is secure_file_priv: which server files LOAD_FILE, SELECT …
	// INTO OUTFILE and LOAD DATA INFILE may use (with the FILE privilege).
	// The zero value refuses them all.
	Files engine.FileAccess
	// TLSCert and TLSKey are PEM files of the server's certificate (chain)
	// and key. Both empty means a self-signed pair kept in the data
	// directory, generated on first start.
	TLSCert, TLSKey string
	// RequireSecureTransport sets require_secure_transport at start:
	// logins over plain TCP then fail with error 3159.
	RequireSecureTransport bool
	// HTTP is the address of the insight pages (package server/web),
	// host:port; empty serves none. As for Listen, a non-loopback
	// address needs a root password; it is then served over HTTPS with
	// the server's TLS certificate.
	HTTP string
	// CompactEvery is how often background compaction looks for tables
	// to compact (unsorted, many deleted rows, many small segments).
	// Zero means DefaultCompactEvery; negative turns it off (OPTIMIZE
	// TABLE still works).
	CompactEvery time.Duration
	// MemoryLimit is the server's memory budget, in bytes
	// (cohortdb_memory_limit): its resident set stays within it, running
	// statements and caches reserving part of it (budget.go,
	// membudget.SplitBudget); QueryMemoryLimit what one statement
	// may hold (cohortdb_query_memory_limit). Zero means the default
	// from the machine's memory (membudget.Defaults), negative unlimited.
	MemoryLimit, QueryMemoryLimit int64
	// DiskReserve is the free space (bytes) writes leave on the data
	// directory's file system; past it they fail with 1021. Zero means
	// storage's default (a twentieth of the file system, 8 to 256 MiB).
	DiskReserve int64
	// EventScheduler is --event-scheduler: ON (the default when empty)
	// runs scheduled events, OFF keeps them until SET GLOBAL
	// event_scheduler = ON, DISABLED refuses to turn them on.
	EventScheduler string
	// Dirs are the import directory (CALL import_files loads its new
	// files) and the export directory (CALL export_segment and
	// export_query write there); empty means none.
	Dirs engine.DropDirs

	// storeFS, when set (tests), is the store's file system instead of
	// the operating system's.
	storeFS vfs.FS
	// storeSegmentRows and compactHook, when set (tests), are the store's
	// segment size and compaction hook (storage.Options): many segments
	// from little data, and a compaction held mid-way.
	storeSegmentRows int
	compactHook      func(point string)
	// ownsRuntime is set by Run: the server is the process, and sets the
	// Go runtime's soft memory limit from its budget (budget.go). Servers
	// made with New inside another program (tests) leave it alone.
	ownsRuntime bool
}

// withDefaults returns cfg with zero fields set to their defaults.
func (cfg Config) withDefaults() Config {
	if cfg.Listen == "" {
		cfg.Listen = DefaultListen
	}
	if cfg.ShutdownGrace <= 0 {
		cfg.ShutdownGrace = DefaultShutdownGrace
	}
	if cfg.CompactEvery == 0 {
		cfg.CompactEvery = DefaultCompactEvery
	}
	srv, query := membudget.Defaults(0)
	cfg.MemoryLimit = limitOrDefault(cfg.MemoryLimit, srv)
	cfg.QueryMemoryLimit = limitOrDefault(cfg.QueryMemoryLimit, query)
	if cfg.EventScheduler == "" {
		cfg.EventScheduler = DefaultEventScheduler
	}
	return cfg
}

// limitOrDefault reads a memory limit of Config: zero is def, negative
// unlimited (0 in the system variables).
func limitOrDefault(v, def int64) int64 {
	switch {
	case v == 0:
		return def
	case v < 0:
		return 0
	}
	return v
}

// validate checks cfg (after withDefaults) without touching the disk or the
// network beyond resolving the listen host. Every error wraps ErrConfig.
func (cfg Config) validate() error {
	if cfg.DataDir == "" {
		return fmt.Errorf("%w: data directory is empty", ErrConfig)
	}
	if _, err := engine.ParseSchedulerStatus(cfg.EventScheduler); err != nil {
		return fmt.Errorf("%w: %v", ErrConfig, err)
	}
	host, port, err := net.SplitHostPort(cfg.Listen)
	if err != nil {
		return fmt.Errorf("%w: listen address %q: %v", ErrConfig, cfg.Listen, err)
	}
	if port == "" {
		return fmt.Errorf("%w: listen address %q has no port", ErrConfig, cfg.Listen)
	}
	if (cfg.TLSCert == "") != (cfg.TLSKey == "") {
		return fmt.Errorf("%w: --tls-cert and --tls-key go together", ErrConfig)
	}
	if cfg.RootPassword == "" && !isLoopbackHost(host) {
		return fmt.Errorf("%w to listen on non-loopback address %s (or listen on 127.0.0.1)",
			ErrRootPasswordRequired, cfg.Listen)
	}
	return cfg.validateHTTP()
}

// isLoopbackHost reports whether every address host resolves to is a
// loopback address. An empty host (all interfaces) is not loopback.
func isLoopbackHost(host string) bool {
	if host == "" {
		return false
	}
	if strings.EqualFold(host, "localhost") {
		return true
	}
	if ip := net.ParseIP(host); ip != nil {
		return ip.IsLoopback()
	}
	ips, err := net.LookupIP(host)
	if err != nil || len(ips) == 0 {
		return false
	}
	for _, ip := range ips {
		if !ip.IsLoopback() {
			return false
		}
	}
	return true
}

// connectHost returns the host a local client should dial to reach a
// server bound to addr: wildcard addresses become 127.0.0.1.
func connectHost(addr net.Addr) (host, port string) {
	host, port, err := net.SplitHostPort(addr.String())
	if err != nil {
		return "127.0.0.1", "3306"
	}
	if ip := net.ParseIP(host); ip == nil || ip.IsUnspecified() {
		host = "127.0.0.1"
	}
	return host, port
}

// validateHTTP checks the insight pages' address with the same loopback
// rule as Listen.
func (cfg Config) validateHTTP() error {
	if cfg.HTTP == "" {
		return nil
	}
	host, port, err := net.SplitHostPort(cfg.HTTP)
	if err != nil || port == "" {
		return fmt.Errorf("%w: --http address %q: want host:port", ErrConfig, cfg.HTTP)
	}
	if cfg.RootPassword == "" && !isLoopbackHost(host) {
		return fmt.Errorf("%w to serve insight pages on non-loopback address %s (or use 127.0.0.1)",
			ErrRootPasswordRequired, cfg.HTTP)
	}
	return nil
}
