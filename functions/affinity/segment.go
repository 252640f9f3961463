package affinity

import (
	"fmt"

	"github.com/dolthub/go-mysql-server/sql"

	"github.com/cohortdb/cohortdb/functions/sqlfn"
)

// segmentFilter returns a predicate over h's customer indexes that keeps
// the members of the named saved segment, or nil for name "" (everyone).
// Members come from segment_members() run as SQL, so this package does
// not depend on how segments are stored. The members' rows, their set
// and a flag per customer are charged to g.
func segmentFilter(g *sqlfn.Guard, fn string, env sqlfn.Env, h *history, name string) (func(int32) bool, error) {
	if name == "" {
		return nil, nil
	}
	_, rows, err := env.Exec("SELECT customer_id FROM segment_members(" + quote(name) + ")")
	if err != nil {
		return nil, err
	}
	if err := chargeRows(g, rows, 8+1+sqlfn.MapEntryOverhead); err != nil {
		return nil, err
	}
	if err := g.Grow(int64(len(h.cID))); err != nil {
		return nil, err
	}
	members := make(map[int64]bool, len(rows))
	for _, r := range rows {
		if len(r) == 1 && r[0] != nil {
			id, err := sqlfn.Int(fn, r, 0, 0)
			if err != nil {
				return nil, fmt.Errorf("segment %s: %w", name, err)
			}
			members[id] = true
		}
	}
	in := make([]bool, len(h.cID))
	for c, id := range h.cID {
		in[c] = members[id]
	}
	return func(c int32) bool { return in[c] }, nil
}

// chargeRows charges g the rows an inner statement returned, and extra
// bytes each for what is built from a row.
func chargeRows(g *sqlfn.Guard, rows []sql.Row, extra int64) error {
	for _, r := range rows {
		if err := g.Row(r); err != nil {
			return err
		}
	}
	return g.Grow(int64(len(rows)) * extra)
}
