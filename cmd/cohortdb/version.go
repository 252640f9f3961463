package main

import (
	"fmt"
	"io"
	"runtime"
	"runtime/debug"

	"github.com/cohortdb/cohortdb/server"
)

func runVersion(args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 {
		fmt.Fprintf(stderr, "Usage: cohortdb version\n")
		return exitUsage
	}
	fmt.Fprintf(stdout, "cohortdb %s (MySQL protocol %s, %s%s)\n",
		server.Version, server.ServerVersion(), runtime.Version(), vcsRevision())
	return exitOK
}

// vcsRevision returns ", rev <short hash>[+dirty]" from the build info, or
// "" when the binary was built without VCS stamping.
func vcsRevision() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return ""
	}
	var rev, dirty string
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				dirty = "+dirty"
			}
		}
	}
	if rev == "" {
		return ""
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	return ", rev " + rev + dirty
}
