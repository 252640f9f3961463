package server

import (
	"strings"

	"github.com/dolthub/vitess/go/mysql"
	"github.com/dolthub/vitess/go/sqltypes"
)

// okInfoLen is the length an OK packet's info text must have to reach
// every client intact. Vitess writes the info of an OK packet as '#'
// followed by the text to the end of the packet, while MySQL and MariaDB
// write a length-encoded string, which is how libmariadb (the mysql
// command-line client) reads it: '#' (35) becomes the length. A shorter
// text — PREPARE's "Statement prepared" — overruns the packet and the
// client fails with 2027 "Received malformed packet"; a longer one is
// read as its first 35 bytes (libmariadb prints it whole). Clients that
// read the text to the end of the packet (go-sql-driver, PyMySQL) see the
// '#' and ignore the info.
const okInfoLen = '#'

// padOKInfo wraps a result callback so that the info of an OK packet is
// never shorter than okInfoLen (padded with spaces).
func padOKInfo(cb mysql.ResultSpoolFn) mysql.ResultSpoolFn {
	return func(r *sqltypes.Result, more bool) error {
		if r != nil && len(r.Fields) == 0 && r.Info != "" && len(r.Info) < okInfoLen {
			r.Info += strings.Repeat(" ", okInfoLen-len(r.Info))
		}
		return cb(r, more)
	}
}
