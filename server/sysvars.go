package server

import (
	"fmt"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/types"

	"github.com/cohortdb/cohortdb/engine"
)

// Version is cohortdb's release version; release builds set it with
// -ldflags "-X github.com/cohortdb/cohortdb/server.Version=...".
var Version = "0.1.0-dev"

// mysqlVersion is the MySQL version cohortdb speaks (GMS v0.20.0 models
// MySQL 8.0.31).
const mysqlVersion = "8.0.31"

// ServerVersion returns the version string sent in the handshake and
// returned by SELECT VERSION(), e.g. "8.0.31-cohortdb". Clients parse the
// leading MySQL version, so it must stay first.
func ServerVersion() string { return mysqlVersion + "-cohortdb" }

// setSystemVariables sets the global system variables cohortdb changes
// from GMS's defaults. The registry is process-wide.
func setSystemVariables(cfg Config) error {
	// secure_file_priv is shown as MySQL shows it (NULL when disabled,
	// which GMS's string type cannot hold); the engine enforces it
	// (Config.Files). Read-only, as in MySQL.
	sql.SystemVariables.AddSystemVariables(memoryVariables(cfg))
	sql.SystemVariables.AddSystemVariables([]sql.SystemVariable{&sql.MysqlSystemVariable{
		Name:    "secure_file_priv",
		Scope:   sql.GetMysqlScope(sql.SystemVariableScope_Global),
		Dynamic: false,
		Type:    types.LongText,
		Default: secureFilePriv(cfg.Files),
	}})
	vals := map[string]any{
		// Off unless configured; SET GLOBAL changes it at run time (the
		// login guard reads the global at every login).
		"require_secure_transport": boolInt8(cfg.RequireSecureTransport),
		// LOAD DATA LOCAL INFILE is how clients bulk-load CSVs; GMS refuses
		// it until local_infile is set.
		"local_infile":    int8(1),
		"version":         ServerVersion(),
		"version_comment": "cohortdb " + Version,
	}
	if err := sql.SystemVariables.AssignValues(vals); err != nil {
		return fmt.Errorf("set system variables: %w", err)
	}
	return nil
}

// secureFilePriv is @@secure_file_priv: NULL when file access is
// disabled, "" when any file may be used, else the directory.
func secureFilePriv(f engine.FileAccess) any {
	if !f.Enabled {
		return nil
	}
	return f.Dir
}

func boolInt8(b bool) int8 {
	if b {
		return 1
	}
	return 0
}
