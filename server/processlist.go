package server

import "github.com/dolthub/go-mysql-server/sql"

// processList is GMS's process list as SHOW PROCESSLIST and
// information_schema.PROCESSLIST show it, without the per-table and
// per-partition progress GMS prints into the State column (partition
// names are raw key bytes here): a statement's State is then GMS's
// "running" (MySQL: "executing"), an idle connection's is empty.
type processList struct {
	sql.ProcessList
}

var _ sql.ProcessList = processList{}

// Processes implements sql.ProcessList.
func (p processList) Processes() []sql.Process {
	procs := p.ProcessList.Processes()
	for i := range procs {
		procs[i].Progress = nil
	}
	return procs
}
