// Command profserve is `cohortdb serve` with a CPU profile switch, for the
// benchmark harness: `cohortdb serve` has no profiling flag, so this
// wrapper runs the same server.Run and profiles between SIGUSR1 (start)
// and SIGUSR2 (stop and write --cpuprofile). Only the harness builds it;
// it takes the serve flags the harness passes.
//
//	profserve serve --data-dir D --listen 127.0.0.1:0 --cpuprofile cpu.prof
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"runtime/pprof"
	"syscall"

	"github.com/cohortdb/cohortdb/server"
)

func main() {
	if len(os.Args) < 2 || os.Args[1] != "serve" {
		fmt.Fprintln(os.Stderr, "usage: profserve serve --data-dir D --listen ADDR --cpuprofile FILE")
		os.Exit(2)
	}
	fs := flag.NewFlagSet("serve", flag.ExitOnError)
	var cfg server.Config
	var profile string
	fs.StringVar(&cfg.DataDir, "data-dir", "", "data directory")
	fs.StringVar(&cfg.Listen, "listen", "127.0.0.1:0", "listen address")
	fs.StringVar(&profile, "cpuprofile", "", "CPU profile written on SIGUSR2")
	fs.Parse(os.Args[2:])
	cfg.RootPassword = os.Getenv("COHORTDB_ROOT_PASSWORD")

	logger := slog.New(slog.NewTextHandler(os.Stderr, nil))
	go profileOnSignal(profile, logger)
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	if err := server.Run(ctx, cfg, logger); err != nil {
		fmt.Fprintln(os.Stderr, "profserve:", err)
		os.Exit(1)
	}
}

// profileOnSignal starts CPU profiling on SIGUSR1 and writes the profile
// to path on SIGUSR2.
func profileOnSignal(path string, logger *slog.Logger) {
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, syscall.SIGUSR1, syscall.SIGUSR2)
	var f *os.File
	for sig := range sigs {
		switch {
		case sig == syscall.SIGUSR1 && f == nil && path != "":
			var err error
			if f, err = os.Create(path); err == nil {
				err = pprof.StartCPUProfile(f)
			}
			if err != nil {
				logger.Error("cpu profile", "err", err)
				f = nil
			}
		case sig == syscall.SIGUSR2 && f != nil:
			pprof.StopCPUProfile()
			f.Close()
			f = nil
			logger.Info("cpu profile written", "path", path)
		}
	}
}
