package server

import (
	"regexp"
	"time"

	"github.com/dolthub/go-mysql-server/sql"
)

// GMS declares the status variable Uptime (and Uptime_since_flush_status)
// but never sets it: monitoring tools and GUI clients read 0. The server
// sets both to its age in seconds before a statement that may read them.

// mayReadUptime matches statements that can read the Uptime status
// variable (SHOW STATUS, performance_schema.global_status, …).
var mayReadUptime = regexp.MustCompile(`(?i)status|uptime`)

// processStart is when this process started serving; status variables
// are global to the process, as is GMS's registry.
var processStart = time.Now()

// refreshUptime sets Uptime when query may read it.
func refreshUptime(query string) {
	if !mayReadUptime.MatchString(query) {
		return
	}
	secs := uint64(time.Since(processStart) / time.Second)
	sql.StatusVariables.SetGlobal("Uptime", secs)
	sql.StatusVariables.SetGlobal("Uptime_since_flush_status", secs)
}
