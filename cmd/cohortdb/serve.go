package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"runtime/pprof"
	"syscall"

	"github.com/cohortdb/cohortdb/contract/membudget"
	"github.com/cohortdb/cohortdb/engine"
	"github.com/cohortdb/cohortdb/server"
)

// Environment variables read by serve (a flag given on the command line
// wins over its variable).
const (
	envDataDir      = "COHORTDB_DATA_DIR"
	envListen       = "COHORTDB_LISTEN"
	envRootPassword = "COHORTDB_ROOT_PASSWORD"
	envLogLevel     = "COHORTDB_LOG_LEVEL"
	envSecureFiles  = "COHORTDB_SECURE_FILE_PRIV"
	envHTTP         = "COHORTDB_HTTP"
	envImportDir    = "COHORTDB_IMPORT_DIR"
	envExportDir    = "COHORTDB_EXPORT_DIR"
)

func runServe(args []string, _, stderr io.Writer) int {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	var cfg server.Config
	var level string
	fs.StringVar(&cfg.DataDir, "data-dir", envOr(envDataDir, server.DefaultDataDir),
		"data directory, created if missing (env "+envDataDir+")")
	fs.StringVar(&cfg.Listen, "listen", envOr(envListen, server.DefaultListen),
		"TCP address to listen on; port 0 picks a free port (env "+envListen+")")
	fs.StringVar(&cfg.HTTP, "http", os.Getenv(envHTTP),
		"serve the insight pages on this host:port (e.g. 127.0.0.1:8080); empty: off. Non-loopback needs a root password and serves HTTPS (env "+envHTTP+")")
	fs.StringVar(&cfg.RootPassword, "root-password", os.Getenv(envRootPassword),
		"password of the root accounts; required unless listening on loopback (env "+envRootPassword+")")
	fs.DurationVar(&cfg.ShutdownGrace, "shutdown-grace", server.DefaultShutdownGrace,
		"on SIGINT/SIGTERM, how long running statements may take to finish")
	fs.DurationVar(&cfg.CompactEvery, "compact-every", server.DefaultCompactEvery,
		"how often background compaction looks for tables to sort and clean up; 0 turns it off (OPTIMIZE TABLE still compacts)")
	fs.StringVar(&level, "log-level", envOr(envLogLevel, "info"),
		"log level: debug, info, warn or error (env "+envLogLevel+")")
	secureDefault := "NULL" // an empty variable means any file, as the flag's '' does
	if v, ok := os.LookupEnv(envSecureFiles); ok {
		secureDefault = v
	}
	secureFiles := fs.String("secure-file-priv", secureDefault,
		"server files LOAD_FILE, SELECT ... INTO OUTFILE and LOAD DATA INFILE may use (with the FILE privilege): "+
			"NULL refuses them all, a directory allows files inside it, '' allows any file (env "+envSecureFiles+")")
	fs.StringVar(&cfg.TLSCert, "tls-cert", "",
		"PEM certificate (chain) for TLS; default: a self-signed pair generated in the data dir on first start")
	fs.StringVar(&cfg.TLSKey, "tls-key", "", "PEM private key of --tls-cert")
	fs.BoolVar(&cfg.RequireSecureTransport, "require-secure-transport", false,
		"refuse logins without TLS (error 3159); SET GLOBAL require_secure_transport changes it at run time")
	memLimit := fs.String("memory-limit", "",
		"the server's memory budget, e.g. 8G (cohortdb_memory_limit): its resident set stays within it, "+
			"statements and caches reserving part of it; default 60% of the machine's memory, 0 unlimited")
	queryMemLimit := fs.String("query-memory-limit", "",
		"memory one statement may hold, e.g. 2G (cohortdb_query_memory_limit); "+
			"default half of --memory-limit's default, 0 unlimited")
	fs.StringVar(&cfg.EventScheduler, "event-scheduler", server.DefaultEventScheduler,
		"scheduled events (CREATE EVENT): ON runs them, OFF keeps them until SET GLOBAL event_scheduler = ON, DISABLED cannot be turned on")
	fs.StringVar(&cfg.Dirs.Import, "import-dir", os.Getenv(envImportDir),
		"directory whose new files CALL import_files() loads (FILE privilege; nothing outside it is read) (env "+envImportDir+")")
	fs.StringVar(&cfg.Dirs.Export, "export-dir", os.Getenv(envExportDir),
		"directory CALL export_segment() and export_query() write CSV files to (FILE privilege; nothing outside it is written) (env "+envExportDir+")")
	diskReserve := fs.String("disk-reserve", "",
		"free space writes leave on the data directory's file system, e.g. 1G; past it they fail with 1021 (disk full); "+
			"default a twentieth of the file system, between 8M and 256M")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the whole run to this file (for go tool pprof)")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: cohortdb serve [flags]\n\nRuns the MySQL-protocol server until SIGINT or SIGTERM.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	if code, done := parseFlags(fs, args, stderr); done {
		return code
	}
	files, err := engine.ParseFileAccess(*secureFiles)
	if err != nil {
		fmt.Fprintf(stderr, "cohortdb serve: --secure-file-priv: %v\n", err)
		return exitUsage
	}
	cfg.Files = files
	if cfg.MemoryLimit, err = memoryFlag(*memLimit); err != nil {
		fmt.Fprintf(stderr, "cohortdb serve: --memory-limit: %v\n", err)
		return exitUsage
	}
	if cfg.QueryMemoryLimit, err = memoryFlag(*queryMemLimit); err != nil {
		fmt.Fprintf(stderr, "cohortdb serve: --query-memory-limit: %v\n", err)
		return exitUsage
	}
	if *diskReserve != "" {
		if cfg.DiskReserve, err = membudget.ParseBytes(*diskReserve); err != nil {
			fmt.Fprintf(stderr, "cohortdb serve: --disk-reserve: %v\n", err)
			return exitUsage
		}
	}
	restrictFileModes()
	if cfg.CompactEvery == 0 {
		cfg.CompactEvery = -1 // off (zero in server.Config means the default)
	}
	var lv slog.Level
	if err := lv.UnmarshalText([]byte(level)); err != nil {
		fmt.Fprintf(stderr, "cohortdb serve: --log-level %q: want debug, info, warn or error\n", level)
		return exitUsage
	}
	logger := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: lv}))

	if *cpuProfile != "" {
		stopProfile, err := startCPUProfile(*cpuProfile)
		if err != nil {
			fmt.Fprintf(stderr, "cohortdb serve: --cpuprofile: %v\n", err)
			return exitUsage
		}
		defer stopProfile()
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	go func() {
		<-ctx.Done()
		stop() // a second signal kills the process at once
	}()

	err = server.Run(ctx, cfg, logger)
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, server.ErrConfig):
		fmt.Fprintf(stderr, "cohortdb serve: %v\n", err)
		if errors.Is(err, server.ErrRootPasswordRequired) {
			fmt.Fprintf(stderr, "  set it with --root-password or %s\n", envRootPassword)
		}
		fmt.Fprintf(stderr, "  see 'cohortdb serve -h'\n")
		return exitUsage
	default:
		fmt.Fprintf(stderr, "cohortdb serve: %v\n", err)
		return exitRuntime
	}
}

// memoryFlag reads a memory limit flag as server.Config takes it: empty
// is the default (0), "0" unlimited (-1).
func memoryFlag(v string) (int64, error) {
	if v == "" {
		return 0, nil
	}
	n, err := membudget.ParseBytes(v)
	if err != nil {
		return 0, err
	}
	if n == 0 {
		return -1, nil
	}
	return n, nil
}

// startCPUProfile profiles the process until the returned func is called.
func startCPUProfile(path string) (func(), error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}
