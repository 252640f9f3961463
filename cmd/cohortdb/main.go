package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
)

// Exit codes of the binary.
const (
	exitOK      = 0 // success
	exitRuntime = 1 // the command failed while running
	exitUsage   = 2 // bad command line or configuration
)

// command is one subcommand. run gets the arguments after the command
// name and returns the exit code.
type command struct {
	summary string
	run     func(args []string, stdout, stderr io.Writer) int
}

// commands lists the subcommands; each lives in its own file.
var commands = map[string]command{
	"serve":   {"run the MySQL-protocol server", runServe},
	"import":  {"load CSV files into a data directory", runImport},
	"gen":     {"generate a synthetic data set", runGen},
	"version": {"print the version", runVersion},
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run dispatches to a subcommand and returns the exit code.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return exitUsage
	}
	name := args[0]
	switch name {
	case "help", "-h", "-help", "--help":
		usage(stdout)
		return exitOK
	case "-version", "--version":
		name = "version"
	}
	cmd, ok := commands[name]
	if !ok {
		fmt.Fprintf(stderr, "cohortdb: unknown command %q\n\n", name)
		usage(stderr)
		return exitUsage
	}
	return cmd.run(args[1:], stdout, stderr)
}

func usage(w io.Writer) {
	fmt.Fprintf(w, "cohortdb — customer-analytics database speaking the MySQL protocol\n\n")
	fmt.Fprintf(w, "Usage: cohortdb <command> [flags]\n\nCommands:\n")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-8s %s\n", n, commands[n].summary)
	}
	fmt.Fprintf(w, "\nRun 'cohortdb <command> -h' for the flags of a command.\n")
	fmt.Fprintf(w, "Exit codes: 0 ok, 1 runtime error, 2 usage or configuration error.\n")
}

// parseFlags parses args with fs, reporting errors on stderr. It returns
// done=true with the exit code when the command should stop: exitOK for
// -h, exitUsage for bad flags or stray arguments.
func parseFlags(fs *flag.FlagSet, args []string, stderr io.Writer) (code int, done bool) {
	fs.SetOutput(stderr)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK, true
		}
		return exitUsage, true
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "cohortdb %s: unexpected arguments: %v\n", fs.Name(), fs.Args())
		fs.Usage()
		return exitUsage, true
	}
	return exitOK, false
}

// envOr returns the value of the environment variable key, or def when
// it is unset or empty.
func envOr(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}
